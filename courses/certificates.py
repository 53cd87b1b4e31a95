"""Certificates: issuing them, and what they say to LinkedIn, X and machines.

Plain functions without request objects; views pass in the absolute URLs they need.
"""

from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.base.models import SiteSettings

from .models import Certificate
from .progress import progress_for

LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"
X_SHARE_URL = "https://x.com/intent/post"


def issue_if_finished(user, workshop):
    """Issue the certificate once every live module is done; returns it or None.

    Safe to call after every completion, in any order and concurrently: the unique
    constraint on (participant, workshop) decides, and the first one stays.
    """
    existing = Certificate.objects.filter(user=user, workshop=workshop).first()
    if existing:
        return existing
    if not progress_for(user, [workshop])[workshop.pk].finished:
        return None
    branding = SiteSettings.load()
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                user=user,
                workshop=workshop,
                name=user.get_full_name(),
                workshop_title=workshop.title,
                duration_minutes=workshop.duration_minutes,
                organisation_name=branding.organisation_name,
                trainer_name=workshop.trainer_name,
                signatory_name=branding.signatory_name,
                signatory_role=branding.signatory_role,
            )
    except IntegrityError:
        return Certificate.objects.get(user=user, workshop=workshop)


@transaction.atomic
def correct_name(certificate, new_name):
    """Correct a typo in the printed name; the code stays, the change is recorded."""
    new_name = " ".join(new_name.split())
    if not new_name or new_name == certificate.name:
        return False
    certificate.name_changes.create(old_name=certificate.name, new_name=new_name)
    certificate.name = new_name
    certificate.save(update_fields=["name"])
    return True


def linkedin_add_url(certificate, verify_url, organization_id=""):
    """LinkedIn's "Add licence or certification" link, filled in as far as it goes."""
    params = {"startTask": "CERTIFICATION_NAME", "name": certificate.workshop_title}
    if organization_id:
        params["organizationId"] = organization_id
    else:
        params["organizationName"] = certificate.organisation_name
    params.update(
        {
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
            "certUrl": verify_url,
            "certId": certificate.code,
        }
    )
    return f"{LINKEDIN_ADD_URL}?{urlencode(params)}"


def x_share_url(certificate, verify_url, text):
    return f"{X_SHARE_URL}?{urlencode({'text': text, 'url': verify_url})}"


def credential(certificate, verify_url, json_url):
    """The certificate's facts as an Open Badges 3.0-style credential (unsigned)."""
    issued = timezone.localtime(certificate.issued_at)
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": json_url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.workshop_title,
        "issuer": {
            "id": verify_url.split("/certificates/")[0] + "/",
            "type": ["Profile"],
            "name": certificate.organisation_name,
        },
        "validFrom": issued.isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.name,
            "achievement": {
                "id": verify_url,
                "type": ["Achievement"],
                "name": certificate.workshop_title,
                "criteria": {
                    "narrative": "Completed every module of the workshop and passed "
                    "its quizzes."
                },
            },
        },
        "credentialStatus": {
            "type": "StatusCheck",
            "status": "revoked" if certificate.is_revoked else "valid",
        },
        "verification": {"url": verify_url, "code": certificate.code},
    }
