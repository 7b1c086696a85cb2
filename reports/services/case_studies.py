"""The final report's case studies, loaded word for word as case studies (not reports) with their impact figures."""

import csv
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from core import freshness
from reviews.models import Visit
from reviews.services.importing import CI_PROGRAMME
from reviews.services.sourced_focus import fill_missing_focus

from ..models import CaseStudy

CASE_STUDIES = Path(__file__).resolve().parent.parent / "data" / "case_studies.json"


def _impact_rows(filename: str) -> list[dict]:
    with open(CASE_STUDIES.parent / filename, newline="", encoding="utf-8") as handle:
        return [
            {
                "measure": row["measure"],
                "group": row["group"],
                "baseline_year": row["baseline_year"],
                "baseline_value": Decimal(row["baseline_value"]),
                "followup_year": row["followup_year"],
                "followup_value": Decimal(row["followup_value"]),
            }
            for row in csv.DictReader(handle)
        ]


def _blocks_text(blocks: list[dict]) -> list[str]:
    return [text for block in blocks for text in ([block["paragraph"]] if "paragraph" in block else block["bullets"])]


def _case_study_fields(case: dict, *, source: str, source_year: int, visit: Visit) -> dict:
    """A case study as stored: the file's words as they are, its figures formatted, its text for search."""
    impact = [
        {
            **row,
            "baseline_value": f"{row['baseline_value']:.1f}",
            "followup_value": f"{row['followup_value']:.1f}",
            # as the case study writes its last column, "Percentage point improvement": 1.7pp
            "change": f"{row['followup_value'] - row['baseline_value']:.1f}pp",
        }
        for row in (_impact_rows(case["impact_file"]) if case["impact_file"] else [])
    ]
    text = [case["key_question"], *case["focus_areas"]]
    text += _blocks_text(case["account"]) + _blocks_text(case["suggestions"]) + _blocks_text(case["actions"])
    fields = {
        "visit": visit,
        "source": source,
        "source_year": source_year,
        "stated_when": case["stated_when"],
        "when_note": case["when_note"],
        "key_question": case["key_question"],
        "focus_areas": case["focus_areas"],
        "account": case["account"],
        "suggestions": case["suggestions"],
        "actions": case["actions"],
        "impact": impact,
        "impact_source": case["impact_source"],
        "impact_note": case["impact_note"],
        "not_reproduced": case["not_reproduced"],
        "search_text": "\n".join(
            [visit.theme.name, visit.theme.broader.name if visit.theme.broader_id else "", case["host"], *text]
        ),
    }
    return fields


@transaction.atomic
def load_case_studies(*, path: Path = CASE_STUDIES) -> int:
    """The final report's four case studies, word for word and as case studies, not reports; safe to run again.

    A visit's key question and focus areas come from its case study where the visit has none of its own. The
    file is the record: a case study already loaded is brought up to date with it. Returns how many were added.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    loaded = 0
    for case in data["case_studies"]:
        visit = Visit.objects.get(programme__slug=CI_PROGRAMME["slug"], hosts__name=case["host"])
        fill_missing_focus(
            visit=visit,
            key_question=case["key_question"],
            focus_areas=case["focus_areas"],
            source=f"{case['host']}'s case study in the final report (ADES and Education Scotland, 2025), "
            f"Appendix 2: “{case['focus_quote']}”",
        )
        fields = _case_study_fields(case, source=data["source"], source_year=data["source_year"], visit=visit)
        case_study = CaseStudy.objects.filter(slug=case["slug"]).first()
        if case_study is None:
            CaseStudy.objects.create(slug=case["slug"], **fields)
            loaded += 1
        elif any(getattr(case_study, name) != value for name, value in fields.items()):
            CaseStudy.objects.filter(pk=case_study.pk).update(**fields, updated_at=timezone.now())
            freshness.changed()  # updates send no signals
    return loaded
