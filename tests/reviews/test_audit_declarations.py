"""The reviews app declares what each of its processes records in one place, reviews/audit_trail.py: no service
module builds an `audited(...)` decorator of its own."""

import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_no_reviews_service_declares_its_audit_entries_inline():
    inline = sorted(
        path.name for path in (ROOT / "reviews" / "services").glob("*.py") if "audited(" in path.read_text("utf-8")
    )

    assert inline == []
