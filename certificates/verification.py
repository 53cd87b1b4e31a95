"""Checking a credential someone shows us (no request objects).

The verification page (`/certificates/verify/`) and `manage.py verify_credential FILE`
both call `verify(text)`: a credential as JSON (with its Data Integrity proof) or as
a VC-JWT. The answer says, in plain words, whether the signature is right and which
key made it, whether the credential was revoked or has expired, and what it
certifies. Only credentials of this site's issuer are checked: another issuer's keys
are in its own DID document, which this site does not fetch.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from . import credentials, keys, signing, status_list

MAX_SIZE = 256 * 1024  # a credential of ours is a few KiB

VALID = "valid"
REVOKED = "revoked"
EXPIRED = "expired"
NOT_YET_VALID = "not-yet-valid"
INVALID = "invalid"


@dataclass
class Result:
    verdict: str = INVALID
    format: str = ""  # "json" (Data Integrity) or "jwt"
    signature_ok: bool = False
    key_id: str = ""
    key_is_current: bool = False
    revoked: bool = False
    valid_from: datetime = None
    valid_until: datetime = None
    problems: list = field(default_factory=list)  # why it does not hold, in words
    credential: dict = None

    @property
    def holder(self):
        subject = (self.credential or {}).get("credentialSubject") or {}
        return subject.get("name", "") if isinstance(subject, dict) else ""

    @property
    def achievement(self):
        subject = (self.credential or {}).get("credentialSubject") or {}
        achievement = subject.get("achievement") if isinstance(subject, dict) else {}
        return achievement if isinstance(achievement, dict) else {}

    @property
    def issuer_name(self):
        issuer = (self.credential or {}).get("issuer")
        return issuer.get("name", "") if isinstance(issuer, dict) else ""

    @property
    def summary(self):
        """One sentence a person can act on."""
        if self.verdict == VALID:
            return _("The signature is right and the credential is valid.")
        if self.verdict == REVOKED:
            return _("The signature is right, but the issuer has revoked it.")
        if self.verdict == EXPIRED:
            return _(
                "The signature is right, but the credential expired on %(day)s."
            ) % {"day": _day(self.valid_until)}
        if self.verdict == NOT_YET_VALID:
            return _(
                "The signature is right, but the credential is valid only from %(day)s."
            ) % {"day": _day(self.valid_from)}
        return _("This credential cannot be trusted: %(reasons)s") % {
            "reasons": " ".join(str(problem) for problem in self.problems)
        }


def _day(moment):
    return timezone.localtime(moment).date().isoformat() if moment else "?"


def _parse_time(value):
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def read(text):
    """("jwt", token) or ("json", document) for what was pasted or uploaded."""
    if isinstance(text, bytes):
        text = text.decode("utf-8-sig")
    text = text.strip()
    if not text:
        raise signing.ProofError(_("Nothing was given to check."))
    if len(text) > MAX_SIZE:
        raise signing.ProofError(_("This is far larger than any credential."))
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except ValueError:
            raise signing.ProofError(_("This is not valid JSON.")) from None
        if not isinstance(document, dict):
            raise signing.ProofError(_("This JSON is not a credential."))
        return "json", document
    if text.count(".") == 2:
        return "jwt", text
    raise signing.ProofError(
        _("This is neither a credential in JSON nor a JWT (three parts with dots).")
    )


def _our_key(method, result):
    """The public key of our verification method `method`, or a problem."""
    kid = credentials.kid_of(method or "")
    if kid is None:
        result.problems.append(
            _("It was not signed by this site's issuer (%(method)s).")
            % {"method": method or "?"}
        )
        return None
    kid = kid.removesuffix("-jwk")
    key = keys.public_keys().get(kid)
    if key is None:
        result.problems.append(
            _("It names a key this issuer has never published (%(kid)s).")
            % {"kid": kid}
        )
        return None
    result.key_id = kid
    result.key_is_current = kid == keys.signing_key().kid
    return key


def _check_signature(kind, content, result):
    try:
        if kind == "jwt":
            header = signing.jwt_header(content)
            key = _our_key(header.get("kid"), result)
            if key is None:
                return None
            document = signing.verify_jwt(content, key.key)
            if not isinstance(document, dict):
                raise signing.ProofError(_("The JWT holds no credential."))
        else:
            proof = signing.data_integrity_proof(content)
            key = _our_key(proof.get("verificationMethod"), result)
            if key is None:
                return None
            signing.verify_data_integrity(content, key.key)
            document = content
    except signing.ProofError as error:
        result.problems.append(
            _("The signature is not right: %(reason)s.") % {"reason": error}
        )
        return None
    result.signature_ok = True
    return document


def _check_claims(document, result):
    """What a signed credential must say to be one of ours."""
    types = document.get("type") or []
    if "VerifiableCredential" not in types or not (
        {"OpenBadgeCredential", "AchievementCredential"} & set(types)
    ):
        result.problems.append(_("It is not an Open Badges credential."))
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != credentials.issuer_did():
        result.problems.append(
            _("Its issuer (%(issuer)s) is not the one whose key signed it.")
            % {"issuer": issuer_id}
        )
    result.valid_from = _parse_time(document.get("validFrom"))
    if result.valid_from is None:
        result.problems.append(_("It has no valid start date (validFrom)."))
    if "validUntil" in document:
        result.valid_until = _parse_time(document["validUntil"])
        if result.valid_until is None:
            result.problems.append(_("Its expiry date (validUntil) is not a date."))


def _check_status(document, result):
    entry = document.get("credentialStatus")
    entries = entry if isinstance(entry, list) else [entry] if entry else []
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("statusPurpose") != "revocation":
            continue
        list_url = entry.get("statusListCredential", "")
        prefix = credentials.url("certificate_status_list", 1).removesuffix("1.json")
        number = list_url.removeprefix(prefix).removesuffix(".json")
        try:
            number, index = int(number), int(entry.get("statusListIndex", ""))
        except ValueError:
            result.problems.append(_("Its revocation status cannot be read."))
            return
        if not list_url.startswith(prefix) or not 0 <= index < status_list.SIZE:
            result.problems.append(_("Its revocation status cannot be read."))
            return
        bits = status_list.decode(
            status_list.signed(number)["json"]["credentialSubject"]["encodedList"]
        )
        result.revoked = status_list.is_set(bits, index)


def verify(text, now=None):
    """The verdict on a credential (JSON or JWT text), as a Result."""
    result = Result()
    try:
        kind, content = read(text)
    except signing.ProofError as error:
        result.problems.append(str(error))
        return result
    result.format = kind
    if kind == "json":
        result.credential = content  # shown, even if it does not hold
    document = _check_signature(kind, content, result)
    if document is None:
        return result
    result.credential = document
    _check_claims(document, result)
    if result.problems:
        return result
    _check_status(document, result)
    if result.problems:
        return result
    now = now or timezone.now()
    if result.revoked:
        result.verdict = REVOKED
    elif result.valid_until is not None and result.valid_until <= now:
        result.verdict = EXPIRED
    elif result.valid_from > now:
        result.verdict = NOT_YET_VALID
    else:
        result.verdict = VALID
    return result
