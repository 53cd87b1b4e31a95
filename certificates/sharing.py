"""What a certificate says to LinkedIn and X: prefilled links (no request objects)."""

from urllib.parse import urlencode

LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"
X_SHARE_URL = "https://x.com/intent/post"


def linkedin_add_url(certificate, verify_url, organization_id=""):
    """LinkedIn's "Add licence or certification" link, filled in as far as it goes."""
    params = {"startTask": "CERTIFICATION_NAME", "name": certificate.title}
    if organization_id:
        params["organizationId"] = organization_id
    else:
        params["organizationName"] = certificate.organisation_name
    params.update(
        {
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
            **(
                {
                    "expirationYear": certificate.expires_on.year,
                    "expirationMonth": certificate.expires_on.month,
                }
                if certificate.valid_until
                else {}
            ),
            "certUrl": verify_url,
            "certId": certificate.code,
        }
    )
    return f"{LINKEDIN_ADD_URL}?{urlencode(params)}"


def x_share_url(certificate, verify_url, text):
    return f"{X_SHARE_URL}?{urlencode({'text': text, 'url': verify_url})}"
