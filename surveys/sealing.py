"""A response, sealed from its submission until its round's results are released.

Anything written in the same transaction as the completion that names its author shares that transaction's id
(PostgreSQL's `xmin`) and sits after what was sent before it (`ctid`); counters updated then keep their earlier
versions in the files until vacuum, and two backups taken either side of one answer differ by exactly it. So a
submission stores nothing readable: its answers (the kind of respondent, each value, each comment) are encrypted
(AES-GCM, with a key derived from the settings' secret key, which the database never holds) and padded to one size
for every response of the round, whatever was answered. Release opens every sealed response of the round at once,
adds them to its counters and writes the comments in a random order (release.py); after that nothing pairs an answer
with a person. Keys rotate as Django's do: the first of SECRET_KEY and SECRET_KEY_FALLBACKS seals, any of them opens.
"""

import json
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

from core.text import without_direction_controls

from .choices import TEXT_ANSWER_LIMIT

NONCE = 12
KEPT_CONTROLS = "\n\t"


def _keys() -> list[bytes]:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac("surveys.sealing", "responses", secret=key, algorithm="sha256").digest() for key in secrets]


def plain_text(text: str) -> str:
    """The text as it is sealed and shown: line endings as newlines, no other control characters, and none of
    Unicode's direction controls, which would make it display in another order than it is written."""
    text = without_direction_controls(text).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in KEPT_CONTROLS or unicodedata.category(ch) != "Cc")


def size_for(scaled: int, texts: int) -> int:
    """The one size of every sealed response to a questionnaire: room for every answer it can be given, a comment at
    its longest in four-byte characters included, so a response's size says nothing about what it holds."""
    return 128 + 24 * scaled + texts * (4 * TEXT_ANSWER_LIMIT + 24)


def seal(kind: str, counted: list[tuple[int, int]], texts: list[tuple[int, str]], *, size: int) -> bytes:
    """A response, encrypted at `size` bytes before its nonce and tag."""
    plain = json.dumps({"kind": kind, "counted": counted, "texts": texts}, ensure_ascii=False).encode()
    if len(plain) > size:
        raise ValueError("A response longer than its questionnaire allows.")
    plain += b" " * (size - len(plain))  # JSON ignores trailing spaces
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(_keys()[0]).encrypt(nonce, plain, None)


def unseal(sealed: bytes) -> dict | None:
    """{kind, counted, texts} from a sealed response, or None when no key of the settings opens it."""
    sealed = bytes(sealed)
    for key in _keys():
        try:
            plain = AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], None)
        except InvalidTag:
            continue
        opened = json.loads(plain)
        return {
            "kind": str(opened["kind"]),
            "counted": [(int(q), int(v)) for q, v in opened["counted"]],
            "texts": [(int(q), str(t)) for q, t in opened["texts"]],
        }
    return None
