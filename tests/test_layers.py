"""A lower app never names a higher one as a string model reference, which import-linter cannot see."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["core", "authorities", "reviews", "surveys", "reports", "quads", "office"]
HIGHER = {
    "core": LAYERS[1:],
    "authorities": LAYERS[2:],
    "reviews": LAYERS[3:],
    "surveys": LAYERS[4:],
    "reports": ["quads", "office"],
    "quads": ["reports", "office"],
    "office": [],
}


def string_references(app: str, root: Path = ROOT) -> list[str]:
    names = "|".join(HIGHER[app])
    pattern = re.compile(rf"""["']({names})\.[A-Z]\w*["']""")
    found = []
    for path in sorted((root / app).rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_lower_app_names_a_higher_apps_model():
    assert {app: string_references(app) for app in LAYERS} == {app: [] for app in LAYERS}


def test_the_check_finds_a_reference_where_there_is_one(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "models.py").write_text('quad = models.ForeignKey("quads.Quad", on_delete=CASCADE)\n')

    assert string_references("reviews", root=tmp_path) == [
        'reviews/models.py:1: quad = models.ForeignKey("quads.Quad", on_delete=CASCADE)'
    ]
