"""A participant's own data: everything we hold about them, and removing it.

Plain functions (no request); each app contributes its part.
"""

from django.db import transaction
from django.utils import timezone

from courses.participation import export_participation
from quizzes.attempts import export_attempts


def export_user_data(user):
    """Everything stored about `user`, as JSON-ready data."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "social_accounts": [
            {
                "provider": a.provider,
                "uid": a.uid,
                "date_joined": a.date_joined.isoformat(),
            }
            for a in SocialAccount.objects.filter(user=user)
        ],
        **export_participation(user),
        "quiz_attempts": export_attempts(user),
    }


@transaction.atomic
def delete_account(user):
    """Delete the account with everything personal: addresses, logins, progress."""
    user.delete()  # cascades to email addresses, social accounts, enrolments, ...
