"""The keys that sign our credentials (no request objects).

One Ed25519 key signs (`signing_key()`); the public keys of keys that signed before
(`retired_keys()`) stay in the DID document, so credentials signed with them still
verify after a rotation. Where the keys come from (settings):

- `CREDENTIAL_SIGNING_KEY`: the private key as PEM (PKCS#8), e.g. from a secret store;
- `CREDENTIAL_SIGNING_KEY_FILE`: or the path of a file holding it;
- neither, and `CREDENTIAL_KEY_DIR` set (development, tests): a key made on first use
  in that directory (`signing-key.pem`, mode 0600, kept out of git);
- `CREDENTIAL_RETIRED_KEYS_FILE`: the public keys (PEM, one after another) of keys
  that signed before and are no longer used to sign.

Production sets no `CREDENTIAL_KEY_DIR`: a missing or unreadable key is an
ImproperlyConfigured at start (`check_keys()`, from apps.py), never a 500 later.

A key's id is its RFC 7638 JWK thumbprint: the same key always has the same id,
wherever it is loaded, and no two keys share one.
"""

import base64
import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "signing-key.pem"
PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z ]+)-----.+?-----END \1-----", re.DOTALL)


def b64url(data):
    """base64url without padding (RFC 7515 §2), as JOSE and multibase 'u' use it."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class PublicKey:
    key: Ed25519PublicKey

    @functools.cached_property
    def raw(self):
        return self.key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def jwk(self):
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url(self.raw)}

    @functools.cached_property
    def kid(self):
        """RFC 7638: SHA-256 of the required members, sorted, without spaces."""
        members = json.dumps(self.jwk, sort_keys=True, separators=(",", ":"))
        return b64url(hashlib.sha256(members.encode("ascii")).digest())

    def pem(self):
        return self.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey

    @functools.cached_property
    def public(self):
        return PublicKey(self.private.public_key())

    @property
    def kid(self):
        return self.public.kid

    def sign(self, data):
        return self.private.sign(data)


def generate_pem():
    """A new private key as PEM (what `manage.py credential_key` prints)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode("ascii")
    )


def _private_from_pem(data, source):
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"The credential signing key ({source}) is not a PEM private key without "
            f"a password: {error}"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(
            f"The credential signing key ({source}) must be an Ed25519 key "
            "(make one with `manage.py credential_key`)."
        )
    return SigningKey(key)


def _read(path, what):
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"{what} {path} cannot be read: {error}") from None


def _made_on_first_use(directory):
    """The development key in `directory`, made (atomically: two processes starting
    at once end up with the same key) if it is not there yet."""
    path = Path(directory) / KEY_FILE_NAME
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(generate_pem())
    return _private_from_pem(_read(path, "The credential signing key"), path)


@functools.cache
def signing_key():
    """The key that signs new credentials and status lists."""
    pem = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    path = getattr(settings, "CREDENTIAL_SIGNING_KEY_FILE", "")
    directory = getattr(settings, "CREDENTIAL_KEY_DIR", None)
    if pem:
        return _private_from_pem(pem.encode(), "CREDENTIAL_SIGNING_KEY")
    if path:
        return _private_from_pem(
            _read(path, "CREDENTIAL_SIGNING_KEY_FILE"), "CREDENTIAL_SIGNING_KEY_FILE"
        )
    if directory:
        return _made_on_first_use(directory)
    raise ImproperlyConfigured(
        "No credential signing key: set CREDENTIAL_SIGNING_KEY (PEM) or "
        "CREDENTIAL_SIGNING_KEY_FILE (a path); `manage.py credential_key` makes one."
    )


@functools.cache
def retired_keys():
    """The public keys that signed before (CREDENTIAL_RETIRED_KEYS_FILE), oldest
    first, without the current one."""
    path = getattr(settings, "CREDENTIAL_RETIRED_KEYS_FILE", "")
    if not path:
        return ()
    keys = []
    for block in PEM_BLOCK.finditer(_read(path, "CREDENTIAL_RETIRED_KEYS_FILE")):
        try:
            key = serialization.load_pem_public_key(block.group(0))
        except ValueError:
            # A private key pasted by mistake: keep only its public half.
            key = _private_from_pem(block.group(0), path).public.key
        if not isinstance(key, Ed25519PublicKey):
            raise ImproperlyConfigured(
                f"CREDENTIAL_RETIRED_KEYS_FILE {path} holds a key that is not Ed25519."
            )
        keys.append(PublicKey(key))
    current = signing_key().kid
    return tuple(key for key in keys if key.kid != current)


def public_keys():
    """Every key a credential of ours may be signed with: {kid: PublicKey}."""
    keys = {key.kid: key for key in retired_keys()}
    keys[signing_key().kid] = signing_key().public
    return keys


def check_keys():
    """Load the keys now (AppConfig.ready): a missing or broken key stops the start."""
    signing_key()
    retired_keys()


def reset():
    """Forget the loaded keys (tests that change the settings)."""
    signing_key.cache_clear()
    retired_keys.cache_clear()
