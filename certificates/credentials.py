"""A certificate as a machine-readable credential (no request objects)."""

from django.utils import timezone


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
