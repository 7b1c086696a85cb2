"""A lower app never names a higher one, in its code's strings (a model label, a permission name, a URL name, an app
label) nor in its templates (a URL, a permission, an included template): import-linter cannot see those. The root
templates (templates/*.html, templates/registration, templates/admin) are the composition root and may name every
app. There are no exceptions."""

import ast
import re
from pathlib import Path

from tests.tree import LAYERS, ROOT, higher, modules

HIGHER = {app: higher(app) for app in LAYERS}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of docstring nodes: prose about the design, not names the code uses."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = node.body[0] if node.body else None
            if isinstance(docstring, ast.Expr) and isinstance(docstring.value, ast.Constant):
                found.add(id(docstring.value))
    return found


def _name_pattern(app: str) -> re.Pattern:
    """A permission or model label (`app.name`), a dotted path (`app.tasks.name`), a URL name (`app:name`), or a
    template or static path (`app/x.html`), of a higher app."""
    names = "|".join(HIGHER[app])
    return re.compile(rf"^(?:{names})(?:[.:][\w-]+(?:\.[\w-]+)*|/[\w./-]+)$")


def _f_string_pattern(app: str) -> re.Pattern:
    """The start of an f-string that names a higher app: `f"reports:{name}"`, `f"reports/{name}.html"`."""
    return re.compile(rf"^(?:{'|'.join(HIGHER[app])})[.:/]")


def _f_strings(tree: ast.AST, pattern: re.Pattern) -> list[ast.JoinedStr]:
    """The f-strings whose leading constant part names a higher app."""
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        and node.values
        and isinstance(node.values[0], ast.Constant)
        and pattern.match(node.values[0].value)
    ]


def _joined(node: ast.AST) -> str | None:
    """The string a `+` of string constants makes (`"surveys" + ".read_results"`), or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _joined(node.left), _joined(node.right)
        return None if left is None or right is None else left + right
    return None


def _concatenations(tree: ast.AST, pattern: re.Pattern) -> list[ast.BinOp]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.BinOp) and (joined := _joined(node)) is not None and pattern.match(joined.strip())
    ]


APP_LOOKUPS = {"get_app_config", "is_installed", "get_model"}


def _app_labels(tree: ast.AST) -> list[ast.Constant]:
    """Strings used as app labels: in a list, set or tuple of app labels (two or more), or given to an app lookup."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Set | ast.Tuple | ast.Dict):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            labels = [item for item in items if isinstance(item, ast.Constant) and item.value in LAYERS]
            found += labels if len(labels) > 1 else []
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            found += [node.args[0]] if name in APP_LOOKUPS else []
    return found


def string_references(app: str, root: Path = ROOT) -> list[str]:
    if not HIGHER[app]:
        return []
    pattern, f_pattern = _name_pattern(app), _f_string_pattern(app)
    found = []
    for _, relative, tree in modules(root, [app], migrations=True):
        docstrings = _docstrings(tree)
        named = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
            if pattern.match(node.value.strip())
        ]
        named += [node for node in _app_labels(tree) if node.value in HIGHER[app]]
        named += _f_strings(tree, f_pattern)
        named += _concatenations(tree, pattern)
        found += [
            f"{relative}:{node.lineno}: {node.value!r}"
            if isinstance(node, ast.Constant)
            else f"{relative}:{node.lineno}: {ast.unparse(node)}"
            for node in sorted(named, key=lambda node: (node.lineno, node.col_offset))
        ]
    return found


def tag_libraries(app: str, root: Path = ROOT) -> list[str]:
    """The template tag libraries an app defines: its templatetags/*.py, by name."""
    return sorted(path.stem for path in (root / app / "templatetags").glob("*.py") if path.stem != "__init__")


def _template_pattern(app: str, root: Path = ROOT) -> re.Pattern:
    names = "|".join(HIGHER[app])
    libraries = "|".join(library for other in HIGHER[app] for library in tag_libraries(other, root)) or "(?!)"
    return re.compile(
        rf"""\{{%\s*url\s+["'](?:{names}):"""  # {% url 'reports:…' %}
        rf"""|\bperms\.(?:{names})\b"""  # perms.reports.…
        rf"""|["'](?:{names})[.:][\w-]+["']"""  # "reports.track_actions" in perms, a URL name in a tag
        rf"""|\{{%\s*(?:include|extends)\s+["'](?:{names})/"""  # {% include "reports/…" %}
        rf"""|\{{%\s*static\s+["'](?:{names})/"""  # {% static 'reports/…' %}
        rf"""|\{{%\s*load\s+(?:[\w.]+\s+)*(?:{libraries})(?:\s|%)"""  # {% load reports_tags %}
    )


def _templates_of(app: str, root: Path) -> list[Path]:
    return sorted([*(root / "templates" / app).rglob("*.html"), *(root / app / "templates").rglob("*.html")])


def template_references(app: str, root: Path = ROOT) -> list[str]:
    if not HIGHER[app]:
        return []
    pattern = _template_pattern(app, root)
    found = []
    for path in _templates_of(app, root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_lower_app_names_a_higher_one_in_its_strings():
    assert {app: string_references(app) for app in LAYERS} == {app: [] for app in LAYERS}


def test_no_lower_app_names_a_higher_one_in_its_templates():
    assert {app: template_references(app) for app in LAYERS} == {app: [] for app in LAYERS}


def test_the_check_finds_a_reference_where_there_is_one(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "models.py").write_text('quad = models.ForeignKey("quads.Quad", on_delete=CASCADE)\n')

    assert string_references("reviews", root=tmp_path) == ["reviews/models.py:1: 'quads.Quad'"]


def test_the_check_finds_permissions_url_names_and_app_labels_but_not_prose(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "views.py").write_text(
        '"""The reports app registers its lines (reports.todo)."""\n'
        'can = user.has_perm("reports.track_actions")\n'
        'url = reverse("reviews:visit-detail", kwargs={"pk": 1})\n'
        'WATCHED = ["authorities", "core", "quads"]\n'
        'text = "The reports are published"\n'
        'KIND = ("quads", "Quads")\n'
        'config = apps.get_app_config("reports")\n'
    )

    assert string_references("core", root=tmp_path) == [
        "core/views.py:2: 'reports.track_actions'",
        "core/views.py:3: 'reviews:visit-detail'",
        "core/views.py:4: 'authorities'",
        "core/views.py:4: 'quads'",
        "core/views.py:7: 'reports'",
    ]


def test_the_check_finds_a_higher_url_permission_or_template_in_a_lower_template(tmp_path):
    (tmp_path / "templates" / "reviews").mkdir(parents=True)
    (tmp_path / "templates" / "reviews" / "visit_detail.html").write_text(
        "<a href=\"{% url 'reviews:visit-edit' visit.pk %}\">Edit</a>\n"
        "{% if perms.reports.track_actions %}<a href=\"{% url 'reports:action-list' %}\">Actions</a>{% endif %}\n"
        '{% include "surveys/_visit_rounds.html" %}\n'
        "<p>{{ perms.reviews.plan_visits }}</p>\n"
    )
    (tmp_path / "templates" / "base.html").write_text("<a href=\"{% url 'reports:archive' %}\">Reports</a>\n")

    assert template_references("reviews", root=tmp_path) == [
        "templates/reviews/visit_detail.html:2: {% if perms.reports.track_actions %}"
        "<a href=\"{% url 'reports:action-list' %}\">Actions</a>{% endif %}",
        'templates/reviews/visit_detail.html:3: {% include "surveys/_visit_rounds.html" %}',
    ]


def test_the_check_finds_f_strings_longer_dotted_paths_and_template_paths(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "tasks.py").write_text(
        'url = reverse(f"reports:{name}")\n'
        'task = "reports.tasks.publish_due"\n'
        'page = render(request, "surveys/round_detail.html")\n'
        'css = f"quads/{name}.css"\n'
        'fine = f"reviews:{name}"\n'
        'prose = f"The reports of {visit}"\n'
        'own = "reviews/visit_detail.html"\n'
    )

    assert string_references("reviews", root=tmp_path) == [
        "reviews/tasks.py:1: f'reports:{name}'",
        "reviews/tasks.py:2: 'reports.tasks.publish_due'",
        "reviews/tasks.py:3: 'surveys/round_detail.html'",
        "reviews/tasks.py:4: f'quads/{name}.css'",
    ]


def test_the_check_finds_a_higher_tag_library_or_static_file_in_a_lower_template(tmp_path):
    (tmp_path / "reports" / "templatetags").mkdir(parents=True)
    (tmp_path / "reports" / "templatetags" / "__init__.py").write_text("")
    (tmp_path / "reports" / "templatetags" / "report_tags.py").write_text("")
    (tmp_path / "reviews" / "templatetags").mkdir(parents=True)
    (tmp_path / "reviews" / "templatetags" / "visit_tags.py").write_text("")
    (tmp_path / "templates" / "reviews").mkdir(parents=True)
    (tmp_path / "templates" / "reviews" / "visit.html").write_text(
        "{% load static visit_tags %}\n"
        "{% load humanize report_tags %}\n"
        "{% load published from report_tags %}\n"
        "<img src=\"{% static 'reports/logo.png' %}\">\n"
        "<img src=\"{% static 'reviews/map.png' %}\">\n"
        "{% load report_tags_extra %}\n"
    )

    assert template_references("reviews", root=tmp_path) == [
        "templates/reviews/visit.html:2: {% load humanize report_tags %}",
        "templates/reviews/visit.html:3: {% load published from report_tags %}",
        "templates/reviews/visit.html:4: <img src=\"{% static 'reports/logo.png' %}\">",
    ]


def test_the_check_finds_a_joined_name_in_code_and_a_quoted_name_in_a_template(tmp_path):
    (tmp_path / "reviews" / "views").mkdir(parents=True)
    (tmp_path / "reviews" / "views" / "visits.py").write_text(
        'PERMISSION = "surveys" + ".read_results"\nWORDS = "a visit" + " and its team"\n'
    )
    (tmp_path / "templates" / "reviews").mkdir(parents=True)
    (tmp_path / "templates" / "reviews" / "visit_detail.html").write_text(
        '{% if "reports.track_actions" in perms %}x{% endif %}\n<p>"Reports" and surveys.</p>\n'
    )

    assert string_references("reviews", root=tmp_path) == ["reviews/views/visits.py:1: 'surveys' + '.read_results'"]
    assert template_references("reviews", root=tmp_path) == [
        'templates/reviews/visit_detail.html:1: {% if "reports.track_actions" in perms %}x{% endif %}'
    ]
