"""The code stays in pieces a reader can hold: modules under 400 lines, functions under 40 (tests, migrations aside)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ["ci_portal", "core", "authorities", "reviews", "surveys", "reports", "quads", "office"]


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_module_over_400_lines_and_no_function_over_40():
    too_long = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if len(source.splitlines()) > 400:
            too_long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > 40:
                    too_long.append(f"{name}: {node.name}, {length} lines")

    assert too_long == []


def test_the_size_check_reads_every_app():
    assert {path.relative_to(ROOT).parts[0] for path in _sources()} == set(APPS)
