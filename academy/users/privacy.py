"""The account's part of the personal-data export: the user, addresses, logins."""


def export_account(user):
    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def export_admin_profile(user):
    """Wagtail's profile (made when someone first uses the admin): preferences."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "preferred_language": profile.preferred_language,
        "current_time_zone": profile.current_time_zone,
        "has_avatar": bool(profile.avatar),
        "theme": profile.theme,
    }


def export_email_addresses(user):
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user)
    ]


def export_social_accounts(user):
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": a.provider,
            "uid": a.uid,
            "date_joined": a.date_joined.isoformat(),
        }
        for a in SocialAccount.objects.filter(user=user)
    ]


def register_sections():
    from academy.base import privacy

    privacy.register("account", export_account, ["users.User"])
    privacy.register(
        "email_addresses", export_email_addresses, ["account.EmailAddress"]
    )
    privacy.register(
        "social_accounts", export_social_accounts, ["socialaccount.SocialAccount"]
    )
    privacy.register(
        "admin_profile", export_admin_profile, ["wagtailusers.UserProfile"]
    )
