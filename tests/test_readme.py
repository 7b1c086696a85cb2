"""The README's map of the code stays true: every file or folder of the project it names in backquotes exists, and
every test it says guards a change is a test module (or test) that exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATH = re.compile(r"`((?:[a-z_]+/)+[A-Za-z_.]*?(?:\.py|\.html|\.toml|\.txt|\.css|/))(?:::(\w+))?`")


def missing_paths(text: str, root: Path = ROOT) -> list[str]:
    missing = []
    for path, test in PATH.findall(text):
        if "…" in path or not (root / path.split("/")[0]).is_dir():
            continue  # a pattern, or a folder every app has (`management/commands/`)
        if not (root / path).exists():
            missing.append(path)
        elif test and f"def {test}(" not in (root / path).read_text(encoding="utf-8"):
            missing.append(f"{path}::{test}")
    return sorted(set(missing))


def test_every_path_the_readme_names_exists():
    assert missing_paths((ROOT / "README.md").read_text(encoding="utf-8")) == []


def test_a_path_that_is_not_there_is_found(tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "reviews").mkdir()
    (tmp_path / "tests" / "test_hooks.py").write_text("def test_one():\n    pass\n")
    text = "See `tests/test_hooks.py`, `tests/test_hooks.py::test_two` and `reviews/services.py`."

    assert missing_paths(text, tmp_path) == ["reviews/services.py", "tests/test_hooks.py::test_two"]
