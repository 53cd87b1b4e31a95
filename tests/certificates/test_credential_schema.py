"""Every credential we issue is an AchievementCredential by 1EdTech's own JSON schema
(Open Badges 3.0, vendored in ./schema with its licence), in both forms we hand out:
the JSON with its Data Integrity proof and the payload of the VC-JWT."""

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft201909Validator, FormatChecker

from certificates.models import Certificate

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (
        Path(__file__).parent / "schema" / "ob_v3p0_achievementcredential_schema.json"
    ).read_text()
)
VALIDATOR = Draft201909Validator(SCHEMA, format_checker=FormatChecker())


def problems(document):
    return sorted(
        f"{'/'.join(map(str, error.absolute_path)) or '(root)'}: {error.message}"
        for error in VALIDATOR.iter_errors(document)
    )


def jwt_payload(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_the_vendored_schema_is_the_published_one():
    assert SCHEMA["$id"].startswith("https://purl.imsglobal.org/spec/ob/v3p0/schema/")
    Draft201909Validator.check_schema(SCHEMA)
    assert set(SCHEMA["required"]) >= {
        "@context",
        "id",
        "type",
        "credentialSubject",
        "issuer",
        "validFrom",
    }


def test_the_json_credential_meets_the_schema(client, certificate):
    document = client.get(f"/certificates/{certificate.code}.json").json()
    assert "proof" in document
    assert problems(document) == []


def test_the_jwt_credential_meets_the_schema(client, certificate):
    token = client.get(f"/certificates/{certificate.code}.jwt").content.decode()
    assert problems(jwt_payload(token)) == []


def test_an_expiring_credential_meets_the_schema(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=timezone.now() + timedelta(days=365)
    )
    document = client.get(f"/certificates/{certificate.code}.json").json()
    assert "validUntil" in document
    assert problems(document) == []


def test_a_name_in_any_script_meets_the_schema(client, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(name="محمد بن سلمان")
    document = client.get(f"/certificates/{certificate.code}.json").json()
    assert document["credentialSubject"]["name"] == "محمد بن سلمان"
    assert problems(document) == []


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.pop("issuer"), "(root)"),
        (lambda d: d.pop("validFrom"), "(root)"),
        (lambda d: d["credentialSubject"].pop("achievement"), "credentialSubject"),
        (lambda d: d.update(type=["VerifiableCredential"]), "type"),
        (lambda d: d["@context"].reverse(), "@context"),
    ],
)
def test_the_schema_would_catch_a_credential_that_is_not_one(
    client, certificate, change, where
):
    """The check can fail: without what the specification requires it does."""
    document = client.get(f"/certificates/{certificate.code}.json").json()
    change(document)
    found = problems(document)
    assert found and any(p.startswith(where) for p in found), found
