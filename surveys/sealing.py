"""Free text, sealed from its submission until its round's results are released.

A comment written in the same transaction as the completion that names its author would share that transaction's
id (PostgreSQL's `xmin`) and sit after the comments sent before it (`ctid`): a copy of the database would say who
wrote it. So a submission stores its free text encrypted (AES-GCM, with a key derived from the settings' secret key,
which the database never holds), padded to whole blocks, one sealed row every time whether or not anything was
written. Release opens every sealed row of the round at once and writes the comments in a random order
(services.close_round), after which nothing pairs a comment with a person, their scaled answers or their other
comments. Keys rotate as Django's do: the first of SECRET_KEY and SECRET_KEY_FALLBACKS seals, any of them opens.
"""

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

BLOCK = 1024  # sealed texts are padded to whole blocks, so their size says little about what was written
NONCE = 12


def _keys() -> list[bytes]:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac("surveys.sealing", "free text", secret=key, algorithm="sha256").digest() for key in secrets]


def seal(texts: list[tuple[int, str]]) -> bytes:
    """(question id, text) pairs, encrypted and padded."""
    plain = json.dumps(texts).encode()
    plain += b" " * (-len(plain) % BLOCK)  # JSON ignores trailing spaces
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_keys()[0]).encrypt(nonce, plain, None)


def unseal(sealed: bytes) -> list[tuple[int, str]] | None:
    """The pairs a sealed text holds, or None when no key of the settings opens it."""
    sealed = bytes(sealed)
    for key in _keys():
        try:
            plain = AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], None)
        except InvalidTag:
            continue
        return [(int(question_id), str(text)) for question_id, text in json.loads(plain)]
    return None
