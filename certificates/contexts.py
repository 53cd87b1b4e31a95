"""The JSON-LD contexts our credentials use, from files in contexts/ (no network).

Canonicalising a credential (signing.py) reads its contexts. Fetching them from the
web on every signature would be slow, would fail offline and would let whoever
serves them change what a signature means; so they are vendored (contexts/README.md
says from where, under which licence) and any other context is refused.
"""

import functools
import hashlib
import json
from pathlib import Path

from pyld.jsonld import JsonLdError

DIRECTORY = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@functools.cache
def _index():
    return json.loads((DIRECTORY / "index.json").read_text(encoding="utf-8"))


@functools.cache
def document(url):
    """The context at `url` as parsed JSON, or KeyError if it is not vendored."""
    return json.loads((DIRECTORY / _index()[url]).read_text(encoding="utf-8"))


@functools.cache
def version():
    """A short hash of every vendored context: what canonical forms depend on."""
    digest = hashlib.sha256()
    for url, name in sorted(_index().items()):
        digest.update(url.encode() + b"\0" + (DIRECTORY / name).read_bytes())
    return digest.hexdigest()[:16]


def load(url, options=None):
    """pyld's document loader: only the vendored contexts."""
    try:
        loaded = document(url)
    except KeyError:
        raise JsonLdError(
            f"The context {url} is not one this site knows.",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        ) from None
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": loaded,
        # Never changes (vendored): pyld keeps its processed form between calls
        # instead of processing the whole context again for every credential.
        "tag": "static",
    }
