"""Template source the engine would print rather than read: a `{#` comment over two lines is shown to the reader."""

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
