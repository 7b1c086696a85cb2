"""Template source the engine would print rather than read: a `{#` comment over two lines is shown to the reader."""

import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[1]


def _templates():
    yield from sorted((ROOT / "templates").rglob("*.html"))
    for app in ("core", "authorities", "reviews", "surveys", "reports", "quads", "office"):
        yield from sorted((ROOT / app / "templates").rglob("*.html"))


def test_no_template_shows_a_comment_as_text():
    shown = [
        f"{path.relative_to(ROOT)}:{token.lineno}"
        for path in _templates()
        for token in Lexer(path.read_text(encoding="utf-8")).tokenize()
        if token.token_type == TokenType.TEXT and "{#" in token.contents
    ]

    assert shown == []


def test_the_check_finds_a_comment_over_two_lines():
    tokens = Lexer("<p>{# one\ntwo #}</p>").tokenize()

    assert [token.contents for token in tokens if token.token_type == TokenType.TEXT] == ["<p>{# one\ntwo #}</p>"]


STYLESHEET = ROOT / "static" / "css" / "portal.css"
CLASS_ATTRIBUTE = re.compile(r"""class=["']([^"']*)["']""")


def portal_classes_without_a_rule(templates, stylesheet: Path) -> list[str]:
    """Each `portal-*` class a template uses with no rule in the portal's stylesheet; a class built in the template
    (`portal-status--{{ visit.status }}`) needs a rule for at least one of its values."""
    rules = set(re.findall(r"\.(portal-[\w-]+)", stylesheet.read_text(encoding="utf-8")))
    missing = set()
    for path in templates:
        for attribute in CLASS_ATTRIBUTE.findall(path.read_text(encoding="utf-8")):
            for name in re.findall(r"portal-[\w-]*(?:\{\{)?", attribute):
                built = name.endswith("{{")
                stem = name.removesuffix("{{")
                if not (any(rule.startswith(stem) for rule in rules) if built else stem in rules):
                    missing.add(f"{path.name}: {stem}")
    return sorted(missing)


def test_every_portal_class_in_a_template_has_a_rule():
    assert portal_classes_without_a_rule(_templates(), STYLESHEET) == []


def test_the_check_finds_a_portal_class_with_no_rule(tmp_path):
    (tmp_path / "portal.css").write_text(
        ".portal-chart { width: 100%; }\n.ds_tag.portal-status--proposed { color: #333; }\n"
    )
    (tmp_path / "page.html").write_text(
        '<figure class="portal-chart portal-network"><strong class="ds_tag portal-status--{{ visit.status }}">'
        '<p class="portal-grade--{{ grade }}"></p>\n'
    )

    assert portal_classes_without_a_rule([tmp_path / "page.html"], tmp_path / "portal.css") == [
        "page.html: portal-grade--",
        "page.html: portal-network",
    ]
