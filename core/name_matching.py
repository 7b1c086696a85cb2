"""A person's name and email as they are really written: in any case, with spaces repeated or put in as the
underscores and hyphens that storage puts in file names ("Siobhán Ní Bhriain", "siobhán  ní bhriain",
"Siobhán_Ní_Bhriain", "Siobhan-Ni-Bhriain"), with or without accents (each letter matches its accented and plain
forms, composed or followed by combining marks, so the ASCII-folded name some systems store is found too), and with
or without the apostrophes and full stops that file names drop ("O'Brien", "OBrien").

Whole words only, with two kinds of edge, one rule:
- A name of several words joined by hyphens, underscores or full stops with no space ("Siobhán-Ní-Bhriain",
  "siobhan.ni.bhriain", "agenda-siobhan-ni-bhriain", a title made from a file name) is written as one piece: it is
  the whole name, and only a letter or digit next to it makes it part of another word. So
  "agenda-siobhan-ni-bhriain" and "Siobhán.Ní.Bhriain-CV" name her (as the file matcher renames them).
- A name written with spaces is prose: a hyphenated name before or after it is another person's name, so "Ann Lee"
  is not in "Ann Lee-Smith" nor "Mary-Ann Lee", nor "Joann Lee". One exception: a hyphen after it followed by a
  word that is not capitalised ("Siobhán Ní Bhriain-CV", "Ann Lee-notes", "Ann Lee-2") is a suffix, not a surname,
  so the name is matched there; a capitalised word after the hyphen ("Ann Lee-Smith") is taken as a surname.
A single word (a first name or surname alone, an email) always takes the strict edges: "ann@x.scot" is not in
"joann@x.scot" nor "jo.ann@x.scot".

`pattern` is the Python expression that decides; `sql` a PostgreSQL one (without the edges) that finds the rows
worth reading.

File names are matched more loosely (`file_pattern`, `file_sql`): a name there is bounded by anything that is not a
letter or digit, and its words may be separated by spaces, underscores, hyphens or full stops, so
"agenda-siobhan-ni-bhriain.pdf", "CV-Siobhan-Ni-Bhriain.pdf" and "Siobhán.Ní.Bhriain.pdf" name her. There a longer
hyphenated name is matched too ("Ann_Lee-Smith.pdf" becomes "name-removed-Smith.pdf"): renaming a file changes
only its name, never what it holds, so naming another person's file too harms nobody, while missing one leaves a
name behind.
"""

import re
import unicodedata
from functools import cache

SEPARATORS = " \t\n\r\f\v_-"
TEXT_JOIN = "[\\s_-]+"
FILE_JOIN = "[\\s_.-]+"  # in file names, a full stop separates words too
PIECE_JOIN = "[_.-]+"  # a name written as one piece, file-name style (no space)
COMBINING = "\u0300-\u036f"
APOSTROPHES = "'’‘`"


@cache
def _variants() -> dict[str, str]:
    """Each plain letter (lower case) with every Latin letter that folds to it, in both cases."""
    found: dict[str, set[str]] = {}
    for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            found.setdefault(base.lower(), set()).update(c for c in (char, char.lower(), char.upper()) if len(c) == 1)
    return {base: "".join(sorted(chars)) for base, chars in found.items()}


def fold(text: str) -> str:
    """The text without its accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _letter(char: str, escape) -> str:
    base = fold(char).lower()
    chars = _variants().get(base) if len(base) == 1 else None
    chars = chars or "".join(sorted(c for c in {char, char.lower(), char.upper()} if len(c) == 1))
    return "[" + "".join(escape(c) for c in chars) + "][" + COMBINING + "]*"


def _body(word: str, escape, join: str = TEXT_JOIN) -> str:
    """The expression for the word, token by token: separators any run of spaces, underscores or hyphens (and full
    stops, with `FILE_JOIN`)."""
    tokens = [t for t in re.split(r"[\s_-]+", unicodedata.normalize("NFC", word)) if t]
    parts = []
    for token in tokens:
        part = ""
        for char in token:
            if char.isalnum():
                part += _letter(char, escape) if char.isalpha() else escape(char)
            elif char in APOSTROPHES:
                part += "[" + "".join(escape(c) for c in APOSTROPHES) + "]?"
            else:
                part += "(?:" + escape(char) + ")?" if char == "." else escape(char)
        parts.append(part)
    return join.join(parts)


def _python_escape(char: str) -> str:
    return re.escape(char)


def _sql_escape(char: str) -> str:
    return char if char.isalnum() else "\\" + char


def _capitalised() -> str:
    """A capitalised word's start: an upper-case letter then a lower-case one (case-sensitive)."""
    letters = "".join(_variants().values())
    upper = "".join(sorted({c for c in letters if c.isupper()}))
    lower = "".join(sorted({c for c in letters if c.islower()}))
    return f"(?-i:[{re.escape(upper)}][{COMBINING}]*[{re.escape(lower)}])"


@cache
def pattern(word: str) -> re.Pattern:
    """The word, flexibly, as a whole word (see the module's rule for the edges)."""
    before, body = r"(?<![^\W_])(?<![.@-])", _body(word, _python_escape)
    if len(_words(word)) < 2:
        return re.compile(before + body + r"(?![^\W_])(?!-\w)", re.IGNORECASE)
    strict = before + body + r"(?![^\W_])(?!-" + _capitalised() + ")"
    piece = r"(?<![^\W_])" + _body(word, _python_escape, PIECE_JOIN) + r"(?![^\W_])"
    return re.compile(f"{piece}|{strict}", re.IGNORECASE)


def _words(word: str) -> list[str]:
    return [t for t in re.split(r"[\s_-]+", word) if t]


def sql(word: str) -> str:
    """A PostgreSQL regular expression (for `__iregex`) that every text matching `pattern(word)` matches."""
    return file_sql(word)


@cache
def file_pattern(word: str) -> re.Pattern:
    """The word in a file name: bounded by anything but a letter or digit, its words separated by spaces,
    underscores, hyphens or full stops."""
    return re.compile(r"(?<![^\W_])" + _body(word, _python_escape, FILE_JOIN) + r"(?![^\W_])", re.IGNORECASE)


def file_sql(word: str) -> str:
    """A PostgreSQL regular expression that every stored file name matching `file_pattern(word)` matches."""
    return _body(word, _sql_escape, FILE_JOIN).replace("(?:", "(")


def names(text: str, word: str) -> bool:
    return bool(word) and pattern(word).search(text) is not None


def tokens(full_name: str) -> tuple[str, str]:
    """The first name and the surname of a full name ("" for a name of one word): the surname is every word after
    the first ("Ní Bhriain" of "Siobhán Ní Bhriain"), as the person's record holds one full name only."""
    words = [w for w in re.split(r"[\s_]+", full_name.strip()) if w]
    return (words[0], " ".join(words[1:])) if len(words) > 1 else ("", "")


# A role mailbox's local part names a job, not a person; a shorter one is too likely to be part of other words.
ROLE_MAILBOXES = frozenset(
    {"admin", "enquiries", "office", "info", "contact", "hello", "reception", "support", "team", "mail", "noreply"}
)
SHORTEST_LOCAL_PART = 5


def other_forms(full_name: str, email: str) -> list[str]:
    """The other ways a person is written that are theirs alone: surname first ("Ní Bhriain Siobhán", "Ní Bhriain,
    Siobhán"), and their email's local part ("siobhan.nibhriain", as a file name or title may hold it without the
    domain) when it is at least SHORTEST_LOCAL_PART characters, with no role mailbox's word in it (info, office),
    and not a word of their name alone (their first name alone is for the officer to judge)."""
    first, surname = tokens(full_name)
    forms = [f"{surname} {first}", f"{surname}, {first}"] if first else []
    local = email.partition("@")[0].strip() if "@" in email else ""
    name_words = {fold(w).lower() for w in _words(full_name)} | {fold(full_name).lower()}
    simple_local = fold(local).lower()
    if (
        len(local) >= SHORTEST_LOCAL_PART
        and not ROLE_MAILBOXES.intersection(re.split(r"[\W_\d]+", simple_local))
        and simple_local not in name_words
    ):
        forms.append(local)
    return forms
