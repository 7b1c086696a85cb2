"""Reading an uploaded CSV (or checking any uploaded table) so that a malformed file is a message, never a 500.

`checked_upload` is for a form's `clean_<file>`: an empty file or one over the size limit is refused before it is
read. `read_csv` reads the whole file before anything is done with it, and turns what the csv module or the decoder
would raise (text that is not UTF-8, a NUL byte, a cell longer than the csv module's limit, a broken quote), and a
column named twice in the first row, into a ValidationError whose message says what to fix. Nothing is written by
either: the caller saves only rows it has. The text loses Unicode's direction controls as it is read (core/text.py),
so each row is checked, matched and stored as the same text.
"""

import csv
import io

from django.core.exceptions import ValidationError

from .text import without_direction_controls

MAX_BYTES = 5 * 1024 * 1024  # far more than any table the portal takes in; a larger file is the wrong one
SAVE_AS = "Save it from the spreadsheet as “CSV UTF-8” and try again."


def _refused(message: str) -> ValidationError:
    return ValidationError(message, code="unreadable")


def check_size(size: int, *, max_bytes: int = MAX_BYTES) -> None:
    if size == 0:
        raise _refused("The file is empty. Choose the file with the rows in it.")
    if size > max_bytes:
        raise _refused(f"The file is larger than {max_bytes / 2**20:g} MB: check it is the right file.")


def checked_upload(upload, *, max_bytes: int = MAX_BYTES):
    """The upload, or a ValidationError if it is empty or too large (checked before anything reads it)."""
    check_size(upload.size or 0, max_bytes=max_bytes)
    return upload


def csv_text(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    check_size(len(data), max_bytes=max_bytes)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused(f"The file is not UTF-8 text. {SAVE_AS}") from None
    if "\x00" in text:
        raise _refused(f"The file has a NUL character in it, so it is not a CSV file. {SAVE_AS}")
    if not text.strip():
        raise _refused("The file is empty. Choose the file with the rows in it.")
    return without_direction_controls(text)


def read_csv(data: bytes, *, max_bytes: int = MAX_BYTES) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header's column names and every row as (its line number, {column: text}), or a ValidationError."""
    reader = csv.DictReader(io.StringIO(csv_text(data, max_bytes=max_bytes), newline=""))
    try:
        header = check_header(list(reader.fieldnames or []))
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise _refused(_explained(error, reader.line_num)) from None
    return header, rows


def check_header(header: list[str]) -> list[str]:
    """The header, or a ValidationError if a column name appears twice (the later column would silently win)."""
    seen = set()
    for name in header:
        key = name.strip()
        if key and key in seen:
            raise _refused(f"The column “{name.strip()}” appears twice in the first row.")
        seen.add(key)
    return header


def _explained(error: csv.Error, line: int) -> str:
    where = f"Line {line + 1}" if line else "The file"
    if "field larger than field limit" in str(error):
        limit = f"{csv.field_size_limit():,}"
        return f"{where} has a cell longer than {limit} characters, more than any cell here needs: check the file."
    return f"{where} could not be read as CSV ({error}): check its quotes. {SAVE_AS}"
