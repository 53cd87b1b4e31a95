"""Revocation that travels: W3C Bitstring Status List credentials (no requests).

Each credential's `credentialStatus` names a bit in a list (credentials.status_entry:
list n holds the certificates with pk (n-1)·131,072 … n·131,072-1). A set bit means
revoked: by a trainer, or withdrawn by a holder who deleted their account. The list
is GZIP-compressed, base64url-encoded without padding and multibase-prefixed 'u'
(Bitstring Status List v1.0 §2.1), bit 0 being the most significant bit of the first
byte, and is itself a signed credential (Data Integrity proof, and as a VC-JWT).

It is built from one query of the revoked pks and kept in the shared cache under a
stamp that every change of a certificate bumps (signal_handlers.py).
"""

import base64
import gzip

from django.db.models import Q
from django.utils import timezone

from academy.base import caching

from . import contexts, credentials
from .models import Certificate

SIZE = credentials.STATUS_LIST_SIZE
TIMEOUT = 60 * 60 * 24
STAMP = "certificate-status-list"


def encode(bits):
    """A bytearray of bits as the list's encodedList."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded):
    """The bytes of an encodedList (ValueError if it is not one)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("the list is not multibase base64url")
    data = encoded[1:]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as error:
        raise ValueError(f"the list is not GZIP: {error}") from None


def is_set(bits, index):
    byte, offset = divmod(index, 8)
    return byte < len(bits) and bool(bits[byte] & (0x80 >> offset))


def revoked_bits(number):
    """The bits of list `number` (from 1): one query."""
    start = (number - 1) * SIZE
    bits = bytearray(SIZE // 8)
    revoked = Certificate.objects.filter(
        Q(is_revoked=True) | Q(withdrawn_at__isnull=False),
        pk__gte=start,
        pk__lt=start + SIZE,
    ).values_list("pk", flat=True)
    for pk in revoked:
        byte, offset = divmod(pk - start, 8)
        bits[byte] |= 0x80 >> offset
    return bits


def exists(number):
    """List 1 always exists; a later one once a certificate needs it."""
    return number == 1 or (
        number > 1 and Certificate.objects.filter(pk__gte=(number - 1) * SIZE).exists()
    )


def status_list_credential(number, now=None):
    """The unsigned BitstringStatusListCredential of list `number`."""
    list_url = credentials.url("certificate_status_list", number)
    return {
        "@context": [contexts.VC_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": credentials.issuer_did(),
        "validFrom": credentials.timestamp(now or timezone.now()),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(revoked_bits(number)),
        },
    }


def signed(number):
    """{"json": the list with its proof, "jwt": the same as a VC-JWT}, from the
    cache until a certificate changes."""
    key = f"academy:status-list:{number}:{caching.stamp(STAMP, create=True)}:{_kid()}"
    value = caching.get(key)
    if value is None:
        document = status_list_credential(number)
        value = {
            "json": credentials.with_proof(document, document["validFrom"]),
            "jwt": credentials.as_jwt(document),
        }
        caching.set(key, value, TIMEOUT)
    return value


def _kid():
    from . import keys

    return keys.signing_key().kid


def changed(**kwargs):
    """A certificate was revoked, reinstated, withdrawn or added (a receiver)."""
    caching.bump_stamp(STAMP)
