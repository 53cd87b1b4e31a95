"""A certificate as a signed Open Badges 3.0 credential (no request objects).

What an employer or a wallet gets, all of it standard and none of it ours alone:

- the issuer is `did:web:<host>`; its DID document (`/.well-known/did.json`,
  `did_document()`) lists every public key that signed a credential of ours;
- each certificate is an `OpenBadgeCredential` (Open Badges 3.0 on the W3C Verifiable
  Credentials Data Model 2.0), id `urn:uuid:<credential_id>`, with an embedded Data
  Integrity proof (`eddsa-rdfc-2022`) and, the same credential, as a VC-JWT;
- `credentialStatus` points at a Bitstring Status List credential (status_list.py),
  signed as well, in which the certificate's bit says whether it is revoked;
- `validUntil` when the workshop's certificate expires (renewal gives a new
  credential id and period: issuing.renew).

Every URL in a credential is absolute on the site's canonical address
(WAGTAILADMIN_BASE_URL), in the default language: the same certificate gives the
same credential whoever asks, wherever from. Ed25519 signatures are deterministic,
so the signed copies are kept in the shared cache by a digest of what they sign.
"""

import hashlib
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from academy.base import translations

from . import contexts, keys, signing

SCHEMA_URL = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json"
)
SCHEMA_TYPE = "1EdTechJsonSchemaValidator2019"
STATUS_LIST_SIZE = 131_072  # bits per status list: 16 KiB, the specification's minimum
SIGNED_TIMEOUT = 60 * 60 * 24 * 7


def site_url():
    """The site's canonical address, without the final slash."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def url(name, *args):
    """An absolute URL of ours in the default language (printed, shared, signed)."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_url() + reverse(name, args=args)


def issuer_did():
    """did:web of the site's host: a port's colon percent-encoded (did:web spec)."""
    return "did:web:" + quote(urlsplit(site_url()).netloc, safe="")


def verification_method(kid):
    return f"{issuer_did()}#{kid}"


def kid_of(method):
    """The key id of one of our verification methods, or None for someone else's."""
    prefix = issuer_did() + "#"
    return method[len(prefix) :] if method.startswith(prefix) else None


def did_document():
    """The DID document: each key, current and retired, as Multikey (for Data
    Integrity proofs) and as JsonWebKey (for VC-JWTs), the same id for both uses."""
    did = issuer_did()
    methods = []
    for kid, public in keys.public_keys().items():
        methods.append(
            {
                "id": verification_method(kid),
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": signing.multibase_key(public),
            }
        )
        methods.append(
            {
                "id": f"{verification_method(kid)}-jwk",
                "type": "JsonWebKey",
                "controller": did,
                "publicKeyJwk": {**public.jwk, "kid": kid},
            }
        )
    ids = [method["id"] for method in methods]
    return {
        "@context": [
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/security/multikey/v1",
            "https://w3id.org/security/jwk/v1",
        ],
        "id": did,
        "alsoKnownAs": [site_url() + "/"],
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def timestamp(moment):
    """An XML Schema dateTime in UTC, to the second: 2026-12-07T10:00:00Z."""
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def status_entry(pk):
    """The certificate's place in the status lists: list 1 holds pks 0 to 131,071."""
    number, index = divmod(pk, STATUS_LIST_SIZE)
    list_url = url("certificate_status_list", number + 1)
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def achievement_id(certificate):
    """The achievement on the issuer's page, or (its workshop deleted) a stable
    urn:uuid of its title."""
    if certificate.workshop_id:
        return f"{url('certificates:issuer')}#workshop-{certificate.workshop_id}"
    return uuid.uuid5(
        uuid.NAMESPACE_URL, f"{site_url()}/achievement/{certificate.workshop_title}"
    ).urn


def criteria(certificate, module_titles):
    """What the holder did, in the credential's language."""
    hours = f"{certificate.duration_minutes / 60:g}"
    text = _(
        "Completed every module of the workshop “%(workshop)s” (about %(hours)s "
        "hours of study) and passed each module's quiz."
    ) % {"workshop": certificate.title, "hours": hours}
    if module_titles:
        text += " " + _("Modules: %(modules)s.") % {"modules": "; ".join(module_titles)}
    return text


def identity_hash(value, salt):
    """OB 3.0 IdentityHash: 'sha256$' + hex SHA-256 of the value and the salt."""
    return "sha256$" + hashlib.sha256((value + salt).encode()).hexdigest()


def credential(certificate, module_titles=(), email=None, summary=""):
    """The certificate as an unsigned OpenBadgeCredential (AchievementCredential),
    written in the certificate's language (its owner's when it was issued).

    `module_titles` and `summary` describe the achievement (the workshop's, if it is
    still there); `email` is the holder's, hashed with a salt (the credential id) so
    an employer can check it is theirs without the credential showing it."""
    with translation.override(certificate.language):
        return _credential(certificate, module_titles, email, summary)


def _credential(certificate, module_titles, email, summary):
    salt = certificate.credential_id.hex
    identifiers = [
        {
            "type": "IdentityObject",
            "identityType": "name",
            "hashed": False,
            "identityHash": certificate.name,
        }
    ]
    if email:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": True,
                "identityHash": identity_hash(email.strip().lower(), salt),
                "salt": salt,
            }
        )
    achievement = {
        "id": achievement_id(certificate),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.title,
        "description": summary or certificate.title,
        "criteria": {"narrative": criteria(certificate, module_titles)},
        "humanCode": certificate.code,
        "inLanguage": certificate.language,
    }
    document = {
        "@context": [contexts.VC_V2, contexts.OB_V3],
        "id": certificate.credential_id.urn,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.title,
        "description": _(
            "%(organisation)s certifies that %(name)s completed the workshop "
            "“%(workshop)s”."
        )
        % {
            "organisation": certificate.organisation_name,
            "name": certificate.name,
            "workshop": certificate.title,
        },
        "issuer": {
            "id": issuer_did(),
            "type": ["Profile"],
            "name": certificate.organisation_name,
            "url": url("certificates:issuer"),
        },
        "validFrom": timestamp(certificate.valid_from),
        "awardedDate": timestamp(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": certificate.name,
            "identifier": identifiers,
            "achievement": achievement,
        },
        "credentialStatus": status_entry(certificate.pk),
        "credentialSchema": [{"id": SCHEMA_URL, "type": SCHEMA_TYPE}],
        "evidence": [
            {
                "id": url("certificates:certificate", certificate.code),
                "type": ["Evidence"],
                "name": _("Verification page"),
            }
        ],
    }
    if certificate.valid_until:
        document["validUntil"] = timestamp(certificate.valid_until)
    return document


def _digest(document, kid):
    data = json.dumps(document, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{kid}\n{data}".encode()).hexdigest()


def with_proof(document, created):
    """`document` with an eddsa-rdfc-2022 proof by the current key (cached)."""
    key = keys.signing_key()
    cache_key = f"academy:credential-di2:{_digest(document, key.kid)}:{created}"
    signed = cache.get(cache_key)
    if signed is None:
        signed = signing.add_data_integrity_proof(
            document, key, verification_method(key.kid), created
        )
        cache.set(cache_key, signed, SIGNED_TIMEOUT)
    return signed


def as_jwt(document):
    """`document` as a VC-JWT by the current key, with the JWT's registered claims
    mirroring it (iss, jti, nbf, exp)."""
    key = keys.signing_key()
    issuer = document["issuer"]
    payload = dict(
        document,
        iss=issuer["id"] if isinstance(issuer, dict) else issuer,
        jti=document["id"],
    )
    payload.pop("proof", None)
    for claim, field in (("nbf", "validFrom"), ("exp", "validUntil")):
        if field in document:
            payload[claim] = _epoch(document[field])
    return signing.sign_jwt(payload, key, f"{verification_method(key.kid)}-jwk")


def _epoch(value):
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def achievement_facts(certificate):
    """(module titles, summary) of the certificate's workshop, if it still exists:
    one query for the modules (the workshop is select_related or one more)."""
    workshop = certificate.workshop if certificate.workshop_id else None
    if workshop is None:
        return (), ""
    workshop = translations.in_language(workshop, certificate.language)
    titles = [module.title for module in workshop.get_modules()]
    return titles, workshop.summary


def signed_credential(certificate):
    """The certificate's credential with its Data Integrity proof."""
    titles, summary = achievement_facts(certificate)
    email = certificate.user.email if certificate.user_id else None
    document = credential(certificate, titles, email, summary)
    return with_proof(document, timestamp(certificate.valid_from))


def signed_jwt(certificate):
    titles, summary = achievement_facts(certificate)
    email = certificate.user.email if certificate.user_id else None
    return as_jwt(credential(certificate, titles, email, summary))
