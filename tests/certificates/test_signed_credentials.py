"""Signed Open Badges 3.0 credentials: the issuer's DID, the two proofs, the status
list, verification (page and command), keys and their rotation.

Every signature is checked again here with the `cryptography` primitives directly
(code that did not make it): the JWT by its compact serialisation, the Data
Integrity proof by hashing the canonical forms as eddsa-rdfc-2022 says.
"""

import base64
import gzip
import hashlib
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyld import jsonld

from certificates import contexts, keys, verification
from certificates.models import Certificate

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def did_keys(client):
    """{verification method id: Ed25519PublicKey} from /.well-known/did.json."""
    document = client.get("/.well-known/did.json").json()
    found = {}
    for method in document["verificationMethod"]:
        if method["type"] == "Multikey":
            raw = base58.b58decode(method["publicKeyMultibase"][1:])
            assert raw[:2] == b"\xed\x01"
            found[method["id"]] = Ed25519PublicKey.from_public_bytes(raw[2:])
        else:
            assert method["type"] == "JsonWebKey"
            jwk = method["publicKeyJwk"]
            assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
            found[method["id"]] = Ed25519PublicKey.from_public_bytes(
                b64url_decode(jwk["x"])
            )
    return found


def check_jwt(token, client):
    """The payload, after checking the signature with `cryptography` alone."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "vc+jwt"
    public_key = did_keys(client)[header["kid"]]
    public_key.verify(
        b64url_decode(signature_b64), f"{header_b64}.{payload_b64}".encode()
    )
    return json.loads(b64url_decode(payload_b64))


def nquads(document):
    return jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": contexts.load,
        },
    )


def check_data_integrity(document, client):
    """eddsa-rdfc-2022, step by step: hash the proof options, hash the document,
    check the signature over both with `cryptography`."""
    (proof,) = document["proof"]  # a list of one, as the OB 3.0 schema asks
    proof = dict(proof)
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    value = proof.pop("proofValue")
    assert value.startswith("z")
    options = {**proof, "@context": document["@context"]}
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    data = (
        hashlib.sha256(nquads(options).encode()).digest()
        + hashlib.sha256(nquads(unsigned).encode()).digest()
    )
    did_keys(client)[proof["verificationMethod"]].verify(
        base58.b58decode(value[1:]), data
    )


def credential_json(client, certificate):
    response = client.get(f"/certificates/{certificate.code}.json")
    assert response.status_code == 200
    return json.loads(response.content)


def credential_jwt(client, certificate):
    response = client.get(f"/certificates/{certificate.code}.jwt")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


# The issuer


def test_the_issuer_is_a_did_web_of_the_site_listing_its_key(client):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["id"] == "did:web:testserver"
    current = keys.signing_key()
    assert f"did:web:testserver#{current.kid}" in document["assertionMethod"]
    raw = current.public.raw
    assert [key.public_bytes_raw() for key in did_keys(client).values()] == [
        raw,
        raw,
    ]  # as Multikey and as JsonWebKey


def test_a_port_in_the_address_is_percent_encoded(settings, client):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    assert client.get("/.well-known/did.json").json()["id"] == (
        "did:web:127.0.0.1%3A8000"
    )


def test_the_key_id_is_the_rfc_7638_thumbprint():
    # RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
    public = Ed25519PublicKey.from_public_bytes(
        b64url_decode("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
    )
    assert keys.PublicKey(public).kid == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"


def test_the_issuer_page_says_what_each_achievement_means(client, certificate):
    response = client.get("/certificates/issuer/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bureau Relatiewerk" in page
    assert "did:web:testserver" in page
    assert f'id="workshop-{certificate.workshop_id}"' in page
    assert "LinkedIn" in page and "Module 1" in page  # its modules
    achievement = credential_json(client, certificate)["credentialSubject"][
        "achievement"
    ]
    assert achievement["id"] == (
        f"http://testserver/certificates/issuer/#workshop-{certificate.workshop_id}"
    )


# The credential and its proofs


def test_the_json_credential_has_a_data_integrity_proof_anyone_can_check(
    client, certificate
):
    document = credential_json(client, certificate)
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == certificate.credential_id.urn
    assert document["issuer"]["id"] == "did:web:testserver"
    assert document["credentialSubject"]["name"] == "Sanne de Boer"
    assert document["credentialSubject"]["achievement"]["name"] == "LinkedIn"
    check_data_integrity(document, client)


def test_the_jwt_is_the_same_credential_signed_with_eddsa(client, certificate):
    payload = check_jwt(credential_jwt(client, certificate), client)
    document = credential_json(client, certificate)
    del document["proof"]
    for claim in ("iss", "jti", "nbf"):
        payload.pop(claim)
    assert payload == document
    assert "exp" not in payload  # this workshop's certificate does not expire


def test_the_email_is_in_the_credential_only_hashed_with_a_salt(client, certificate):
    document = credential_json(client, certificate)
    assert "sanne@example.com" not in json.dumps(document)
    email = next(
        identity
        for identity in document["credentialSubject"]["identifier"]
        if identity["identityType"] == "emailAddress"
    )
    assert email["hashed"] is True
    assert (
        email["identityHash"]
        == "sha256$"
        + hashlib.sha256(("sanne@example.com" + email["salt"]).encode()).hexdigest()
    )


def test_the_owner_downloads_both_files_from_the_certificate_page(
    participant_client, certificate
):
    page = participant_client.get(f"/certificates/{certificate.code}/").content
    for extension in ("json", "jwt"):
        link = f"/certificates/{certificate.code}.{extension}?download"
        assert link.encode() in page
        response = participant_client.get(link)
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Disposition"].endswith(f'.{extension}"')


def test_the_credential_costs_the_same_queries_however_many_certificates(
    client, certificate, django_assert_max_num_queries
):
    credential_json(client, certificate)  # the cached module list, the proof
    with CaptureQueriesContext(connection) as first:
        credential_json(client, certificate)
    for number in range(20):
        Certificate.objects.create(
            user=None,
            workshop=certificate.workshop,
            name=f"N{number}",
            workshop_title="LinkedIn",
            organisation_name="B",
        )
    with CaptureQueriesContext(connection) as later:
        credential_json(client, certificate)
    assert len(later) == len(first) <= 3


def test_a_credential_served_again_asks_the_database_nothing(client, certificate):
    """Served from the cache, until the certificate changes."""
    for fmt in ("json", "jwt"):
        first = client.get(f"/certificates/{certificate.code}.{fmt}").content
        with CaptureQueriesContext(connection) as again:
            assert client.get(f"/certificates/{certificate.code}.{fmt}").content == (
                first
            )
        assert len(again) == 0, fmt


def test_a_changed_certificate_is_never_served_from_the_cache(client, certificate):
    credential_json(client, certificate)
    credential_jwt(client, certificate)
    certificate.name = "Sanne de Boer-Jansen"
    certificate.save()
    assert credential_json(client, certificate)["credentialSubject"]["name"] == (
        "Sanne de Boer-Jansen"
    )
    payload = check_jwt(credential_jwt(client, certificate), client)
    assert payload["credentialSubject"]["name"] == "Sanne de Boer-Jansen"
    certificate.withdrawn_at = timezone.now()
    certificate.save()
    assert client.get(f"/certificates/{certificate.code}.json").status_code == 410
    assert client.get(f"/certificates/{certificate.code}.jwt").status_code == 410


def test_a_kept_canonical_form_never_hides_a_change(client, certificate):
    """The N-Quads are kept per exact document: the same document gets the same
    (cached) form pyld gives, a changed one is worked out again and fails."""
    from certificates import signing

    document = credential_json(client, certificate)
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    assert signing.canonical(unsigned) == signing.canonicalise(unsigned)
    assert verification.verify(json.dumps(document)).verdict == verification.VALID
    forged = json.loads(json.dumps(document))
    forged["credentialSubject"]["name"] = "Iemand Anders"
    assert "Iemand Anders" in signing.canonical(
        {k: v for k, v in forged.items() if k != "proof"}
    )
    result = verification.verify(json.dumps(forged))
    assert not result.signature_ok and result.verdict == verification.INVALID


def test_withdrawn_and_unknown_credentials(client, certificate):
    assert client.get("/certificates/bestaat-niet.jwt").status_code == 404
    certificate.withdrawn_at = timezone.now()
    certificate.save()
    assert client.get(f"/certificates/{certificate.code}.jwt").status_code == 410


# Revocation


def status_bit(client, certificate):
    document = credential_json(client, certificate)
    entry = document["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    response = client.get(
        entry["statusListCredential"].removeprefix("http://testserver")
    )
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
    status_list = json.loads(response.content)
    check_data_integrity(status_list, client)
    assert status_list["type"] == [
        "VerifiableCredential",
        "BitstringStatusListCredential",
    ]
    encoded = status_list["credentialSubject"]["encodedList"]
    assert encoded.startswith("u") and "=" not in encoded
    bits = gzip.decompress(b64url_decode(encoded[1:]))
    assert len(bits) * 8 == 131_072
    index = int(entry["statusListIndex"])
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def test_revoking_sets_the_bit_and_reinstating_clears_it(client, certificate):
    assert status_bit(client, certificate) is False
    certificate.is_revoked, certificate.revocation_reason = True, "Fraude"
    certificate.save()
    assert status_bit(client, certificate) is True
    certificate.is_revoked = False
    certificate.save()
    assert status_bit(client, certificate) is False


def test_the_status_list_is_a_signed_jwt_too_and_answers_304(client, certificate):
    response = client.get("/certificates/status/1.jwt")
    payload = check_jwt(response.content.decode(), client)
    assert payload["type"][1] == "BitstringStatusListCredential"
    again = client.get(
        "/certificates/status/1.json", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    assert client.get("/certificates/status/2.json").status_code == 404


# Verification: the page and the command


def verify_page(client, text=None, upload=None):
    data = {"credential": text or ""}
    if upload is not None:
        data["file"] = upload
    return client.post("/certificates/verify/", data)


def test_a_valid_credential_verifies_on_the_page_in_both_forms(client, certificate):
    for text in (
        json.dumps(credential_json(client, certificate)),
        credential_jwt(client, certificate),
    ):
        response = verify_page(client, text)
        assert response.status_code == 200
        page = response.content.decode()
        assert "De handtekening klopt en het bewijs is geldig." in page
        assert keys.signing_key().kid in page
        assert "Sanne de Boer" in page and "LinkedIn" in page


def test_an_uploaded_file_verifies(client, certificate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "bewijs.jwt", credential_jwt(client, certificate).encode(), "text/plain"
    )
    response = verify_page(client, upload=upload)
    assert "De handtekening klopt en het bewijs is geldig." in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"].__setitem__("name", "Piet Fraude"),
        lambda d: d.__setitem__("validFrom", "2020-01-01T00:00:00Z"),
        lambda d: d["credentialSubject"]["achievement"].__setitem__("name", "Excel"),
    ],
    ids=["name", "date", "achievement"],
)
def test_tampering_is_caught_on_the_page_and_by_the_command(
    client, certificate, tmp_path, change
):
    document = credential_json(client, certificate)
    change(document)
    response = verify_page(client, json.dumps(document))
    page = response.content.decode()
    assert "De handtekening klopt niet" in page
    assert "de handtekening past niet bij de inhoud" in page

    file = tmp_path / "credential.json"
    file.write_text(json.dumps(document))
    with pytest.raises(CommandError, match="invalid"):
        call_command("verify_credential", str(file), stdout=open("/dev/null", "w"))  # noqa: SIM115

    # The JWT: the same change in its payload.
    header, payload, signature = credential_jwt(client, certificate).split(".")
    claims = json.loads(b64url_decode(payload))
    change(claims)
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    result = verification.verify(f"{header}.{forged.decode()}.{signature}")
    assert result.verdict == verification.INVALID
    assert not result.signature_ok


def test_a_revoked_credential_is_signature_right_revoked(client, certificate, capsys):
    text = credential_jwt(client, certificate)
    certificate.is_revoked, certificate.revocation_reason = True, "Fraude"
    certificate.save()
    result = verification.verify(text)
    assert (result.signature_ok, result.verdict) == (True, verification.REVOKED)
    page = verify_page(client, text).content.decode()
    assert (
        "De handtekening klopt, maar de uitgever heeft het bewijs ingetrokken." in page
    )


def test_an_expired_credential_says_when_it_expired(client, certificate, tmp_path):
    certificate.valid_until = timezone.now() - timedelta(days=3)
    certificate.save()
    document = credential_json(client, certificate)
    assert document["validUntil"].endswith("Z")
    result = verification.verify(json.dumps(document))
    assert (result.signature_ok, result.verdict) == (True, verification.EXPIRED)
    day = timezone.localdate(certificate.valid_until)
    assert f"verlopen op {day.isoformat()}" in result.summary

    file = tmp_path / "credential.jwt"
    file.write_text(credential_jwt(client, certificate))
    with pytest.raises(CommandError, match="expired"):
        call_command("verify_credential", str(file), stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_command_prints_what_it_certifies(client, certificate, tmp_path, capsys):
    file = tmp_path / "credential.json"
    file.write_text(json.dumps(credential_json(client, certificate)))
    call_command("verify_credential", str(file))
    out = capsys.readouterr().out
    assert "De handtekening klopt" in out
    assert "Sanne de Boer" in out and "LinkedIn" in out
    assert keys.signing_key().kid in out


@pytest.mark.parametrize(
    "text",
    ["", "   ", "{", "[1, 2]", '{"type": "x"}', "a.b.c", "niet.een.jwt-" * 3, "x" * 10],
)
def test_bad_input_is_a_clear_400_never_a_500(client, text):
    response = verify_page(client, text)
    assert response.status_code in (200, 400)
    page = response.content.decode()
    assert "Resultaat" in page or "message--error" in page
    result = verification.verify(text)
    assert result.verdict == verification.INVALID and result.problems


def test_a_binary_or_huge_upload_is_refused(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    for upload in (
        SimpleUploadedFile("x.jwt", b"\xff\xfe\x00garbage"),
        SimpleUploadedFile("x.json", b"{" + b" " * (300 * 1024) + b"}"),
    ):
        assert verify_page(client, upload=upload).status_code == 400


def test_another_issuers_credential_is_not_ours_to_vouch_for(client, certificate):
    other = Ed25519PrivateKey.generate()
    import jwt as pyjwt

    token = pyjwt.encode(
        {"type": ["VerifiableCredential", "OpenBadgeCredential"]},
        other,
        algorithm="EdDSA",
        headers={"kid": "did:web:elders.example#key-1"},
    )
    result = verification.verify(token)
    assert result.verdict == verification.INVALID
    assert "niet door de uitgever van deze site" in " ".join(map(str, result.problems))


# Keys


def pem(private):
    return private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def reset_keys():
    keys.reset()
    yield
    keys.reset()


def test_rotating_the_key_keeps_old_credentials_verifiable(
    client, certificate, settings, tmp_path, reset_keys
):
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    settings.CREDENTIAL_SIGNING_KEY = pem(old)
    keys.reset()
    signed_before = credential_jwt(client, certificate)
    old_kid = keys.signing_key().kid

    retired = tmp_path / "retired.pem"
    retired.write_text(keys.PublicKey(old.public_key()).pem())
    settings.CREDENTIAL_SIGNING_KEY = pem(new)
    settings.CREDENTIAL_RETIRED_KEYS_FILE = str(retired)
    keys.reset()

    document = client.get("/.well-known/did.json").json()
    assert f"did:web:testserver#{old_kid}" in document["assertionMethod"]
    result = verification.verify(signed_before)
    assert (result.verdict, result.key_id, result.key_is_current) == (
        verification.VALID,
        old_kid,
        False,
    )
    check_jwt(credential_jwt(client, certificate), client)  # signed with the new one
    assert check_jwt(signed_before, client)

    # Dropped from the DID document: what it signed no longer verifies.
    settings.CREDENTIAL_RETIRED_KEYS_FILE = ""
    keys.reset()
    assert verification.verify(signed_before).verdict == verification.INVALID


def test_a_missing_or_broken_key_is_a_clear_error(settings, tmp_path, reset_keys):
    settings.CREDENTIAL_KEY_DIR = None
    with pytest.raises(ImproperlyConfigured, match="CREDENTIAL_SIGNING_KEY"):
        keys.check_keys()
    keys.reset()
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        keys.check_keys()
    keys.reset()
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_SIGNING_KEY = "-----BEGIN PRIVATE KEY-----\nnope\n"
    with pytest.raises(ImproperlyConfigured, match="not a PEM private key"):
        keys.check_keys()


def test_the_development_key_is_made_once_and_kept_private(
    settings, tmp_path, reset_keys
):
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    first = keys.signing_key().kid
    keys.reset()
    assert keys.signing_key().kid == first
    assert (tmp_path / "keys" / "signing-key.pem").stat().st_mode & 0o777 == 0o600


def test_production_will_not_start_without_a_key():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "academy.settings.production",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "academy.example.com",
        "WAGTAILADMIN_BASE_URL": "https://academy.example.com",
        "DATABASE_URL": "sqlite:///" + str(ROOT / "unused.sqlite3"),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "No credential signing key" in result.stderr

    key_file = ROOT / "var" / "test-production-key.pem"
    key_file.parent.mkdir(exist_ok=True)
    key_file.write_text(keys.generate_pem())
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "CREDENTIAL_SIGNING_KEY_FILE": str(key_file)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    key_file.unlink()
    assert result.returncode == 0, result.stderr
