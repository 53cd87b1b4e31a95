"""Proofs on credentials, and checking them (no request objects).

Two proofs, both with Ed25519 (certificates/keys.py), both standard:

- VC-JWT (W3C VC-JOSE-COSE, "Securing VCs using JOSE"): the credential is the JWT's
  payload, the header says `alg: EdDSA`, `typ: vc+jwt`, `cty: vc` and which key
  (`kid`, a verification method of our DID document). Signed with PyJWT.
- Data Integrity `eddsa-rdfc-2022` (W3C VC Data Integrity EdDSA Cryptosuites): the
  credential and the proof's options are canonicalised as RDF (RDFC-1.0, which is
  URDNA2015, by pyld with the vendored contexts: contexts.py), each hashed with
  SHA-256, and the two hashes signed; `proofValue` is base58btc with multibase 'z'.

The checks here (`verify_jwt`, `verify_data_integrity`) are what the verification page
and `manage.py verify_credential` run; the tests check every signature again with the
`cryptography` primitives, code that did not make it.
"""

import copy
import hashlib
import json

import base58
import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.cache import cache
from django.utils.translation import gettext as _
from pyld import jsonld

from . import contexts

CRYPTOSUITE = "eddsa-rdfc-2022"
MULTICODEC_ED25519_PUB = b"\xed\x01"


class ProofError(Exception):
    """A proof that does not hold: its message says why, in plain words."""


# Encodings


def multibase_key(public_key):
    """A public key as a Multikey's publicKeyMultibase:
    'z' + base58btc(0xed01 + key)."""
    return "z" + base58.b58encode(MULTICODEC_ED25519_PUB + public_key.raw).decode()


def key_from_multibase(value):
    """The Ed25519 public key of a publicKeyMultibase value, or ProofError."""
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError(_("the key is not multibase base58btc"))
    try:
        data = base58.b58decode(value[1:])
    except ValueError:
        raise ProofError(_("the key is not valid base58btc")) from None
    if len(data) != 34 or data[:2] != MULTICODEC_ED25519_PUB:
        raise ProofError(_("the key is not an Ed25519 public key"))
    return Ed25519PublicKey.from_public_bytes(data[2:])


# VC-JWT


def sign_jwt(payload, key, kid):
    """`payload` (a credential) as a compact JWS signed by `key` (keys.SigningKey)."""
    return jwt.encode(
        payload,
        key.private,
        algorithm="EdDSA",
        headers={"kid": kid, "typ": "vc+jwt", "cty": "vc"},
    )


def jwt_header(token):
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise ProofError(_("this is not a JWT")) from None
    return header


def verify_jwt(token, public_key):
    """The payload of `token` if `public_key` signed it (EdDSA), else ProofError.

    Only the signature is checked here: the dates and the status are the
    verification's (verification.py), so an expired credential still shows what it
    certifies."""
    header = jwt_header(token)
    if header.get("alg") != "EdDSA":
        raise ProofError(
            _("the JWT is signed with %(alg)s, not EdDSA") % {"alg": header.get("alg")}
        )
    try:
        return jwt.decode(
            token,
            public_key,
            algorithms=["EdDSA"],
            options={
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
                "verify_aud": False,
            },
        )
    except jwt.InvalidSignatureError:
        raise ProofError(_("the signature does not match the contents")) from None
    except jwt.InvalidTokenError as error:
        raise ProofError(
            _("the JWT cannot be read: %(error)s") % {"error": error}
        ) from None


# Data Integrity (eddsa-rdfc-2022)


CANONICAL_TIMEOUT = 60 * 60 * 24 * 7


def canonical(document):
    """The RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document.

    Nothing of the document can fall out of what is signed: the VC 2.0 context
    every credential of ours starts with has an `@vocab`, so a term no context
    defines is still signed (as an issuer-dependent term), never dropped.

    The N-Quads are a function of the document alone (its contexts are vendored
    and never change), and pyld takes milliseconds over them: they are kept in the
    shared cache under a hash of the document's exact content, so a credential
    signed or verified before is not canonicalised again. Any change to the
    document, a tampered name included, is another key and is worked out afresh.
    """
    exact = json.dumps(
        document, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    digest = hashlib.sha256(exact.encode()).hexdigest()
    key = f"academy:nquads:{contexts.version()}:{digest}"
    nquads = cache.get(key)
    if nquads is None:
        nquads = canonicalise(document)
        cache.set(key, nquads, CANONICAL_TIMEOUT)
    return nquads


def canonicalise(document):
    """canonical(), always worked out by pyld."""
    try:
        return jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": contexts.load,
            },
        )
    except jsonld.JsonLdError as error:
        raise ProofError(
            _("the credential is not valid JSON-LD: %(error)s") % {"error": error}
        ) from None


def _hash_data(document, proof_options):
    options = dict(proof_options, **{"@context": document["@context"]})
    options.pop("proofValue", None)
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    return (
        hashlib.sha256(canonical(options).encode()).digest()
        + hashlib.sha256(canonical(unsigned).encode()).digest()
    )


def add_data_integrity_proof(document, key, verification_method, created):
    """A copy of `document` with an embedded DataIntegrityProof (eddsa-rdfc-2022).

    `created` is an XML Schema dateTime ("2026-12-07T10:00:00Z")."""
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(document, proof))
    signed = copy.deepcopy(document)
    # A list, as the Open Badges 3.0 schema of an AchievementCredential requires
    # (VC 2.0 allows one object or a set: a list of one is both).
    signed["proof"] = [
        {**proof, "proofValue": "z" + base58.b58encode(signature).decode()}
    ]
    return signed


def data_integrity_proof(document):
    """The one eddsa-rdfc-2022 proof of `document`, or ProofError."""
    proof = document.get("proof")
    proofs = proof if isinstance(proof, list) else [proof] if proof else []
    ours = [
        p
        for p in proofs
        if isinstance(p, dict)
        and p.get("type") == "DataIntegrityProof"
        and p.get("cryptosuite") == CRYPTOSUITE
    ]
    if not ours:
        raise ProofError(_("the credential has no eddsa-rdfc-2022 proof"))
    if len(ours) > 1:
        raise ProofError(_("the credential has more than one proof"))
    return ours[0]


def verify_data_integrity(document, public_key):
    """None if `public_key` made the document's eddsa-rdfc-2022 proof, else
    ProofError."""
    proof = data_integrity_proof(document)
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError(_("the proof is not made for asserting a credential"))
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError(_("the proof's value is not multibase base58btc"))
    try:
        signature = base58.b58decode(value[1:])
    except ValueError:
        raise ProofError(_("the proof's value is not valid base58btc")) from None
    unsigned = {key: value for key, value in document.items() if key != "proof"}
    try:
        public_key.verify(signature, _hash_data(unsigned, proof))
    except InvalidSignature:
        raise ProofError(_("the signature does not match the contents")) from None
