"""Where an app plugs into the apps below it is read in one place: its hooks.py is the only module that calls a core
registry's register function, and its AppConfig.ready does nothing but import it. The registries' keys are core's own
enums: a page nobody renders, or a key nobody defined, is refused."""

import ast
import re
from pathlib import Path

import pytest

from core import links, sections
from core.destinations import Destination
from core.links import LinkKind
from core.sections import Page
from tests.tree import LAYERS, ROOT, imported_names, modules, resolve_import

APPS = LAYERS

# Each core registry module and its register functions.
REGISTRIES = {
    "core.audit": {"register_label", "register_about", "register_filter"},
    "core.context_processors": {"register_menu_section"},
    "core.destinations": {"register"},
    "core.freshness": {"watch_models_of"},
    "core.links": {"register"},
    "core.mail": {"register_label", "register_about", "register_unnamed", "register_before_reading"},
    "core.messages": {"register"},
    "core.personal_data": {"register", "keep_unchanged"},
    "core.reference": {"register"},
    "core.retention": {"register"},
    "core.scrub": {"register_secret_link"},
    "core.sections": {"register"},
    "core.todo": {"register"},
}
# A registry function that registers through another: a message kind's label is an email label; an audited service's
# label is the log's label for its kind.
DELEGATING = {("core.messages", "register"), ("core.audit", "audited")}


def _apps(root: Path) -> list[str]:
    return [app for app in APPS if (root / app).is_dir()]


def _bindings(
    module: str, tree: ast.Module, is_package: bool = False
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Names bound to a registry module, and names bound to a registry function, anywhere in the module."""
    modules, functions = {}, {}
    if module in REGISTRIES:
        functions.update({name: (module, name) for name in REGISTRIES[module]})
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = resolve_import(module, is_package, node)
            for alias in node.names:
                if f"{source}.{alias.name}" in REGISTRIES:
                    modules[alias.asname or alias.name] = f"{source}.{alias.name}"
                elif alias.name in REGISTRIES.get(source, ()):
                    functions[alias.asname or alias.name] = (source, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in REGISTRIES and alias.asname:
                    modules[alias.asname] = alias.name
    return modules, functions


def _referred(node, modules, functions) -> tuple[str, str] | None:
    """The registry function a name, an attribute or a getattr() stands for: called, decorating, or kept under
    another name, it registers all the same."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        return functions.get(node.id)
    if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
        owner = ast.unparse(node.value)
        registry = modules.get(owner, owner if owner in REGISTRIES else None)
        if registry and node.attr in REGISTRIES[registry]:
            return registry, node.attr
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "getattr" and len(node.args) > 1:
        owner, name = ast.unparse(node.args[0]), node.args[1]
        registry = modules.get(owner, owner if owner in REGISTRIES else None)
        if registry and isinstance(name, ast.Constant) and name.value in REGISTRIES[registry]:
            return registry, name.value
    return None


def _calls(module: str, tree: ast.Module, is_package: bool = False):
    """(line, registry function) for each use of a register function outside a delegating registry function."""
    modules, functions = _bindings(module, tree, is_package)

    def visit(node, inside: str):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                yield from visit(child, child.name if (module, child.name) in DELEGATING else inside)
                continue
            referred = None if inside else _referred(child, modules, functions)
            if referred:
                yield child.lineno, ".".join(referred)
                continue
            yield from visit(child, inside)

    yield from visit(tree, "")


def registrations_outside_hooks(root: Path = ROOT) -> list[str]:
    found = []
    for module, relative, tree in modules(root, _apps(root)):
        if relative.name != "hooks.py":
            is_package = relative.name == "__init__.py"
            found += [f"{relative}:{line}: {name}" for line, name in _calls(module, tree, is_package)]
    return found


def test_only_hooks_modules_register_into_core():
    assert registrations_outside_hooks() == []


def test_the_check_finds_a_registration_outside_hooks(tmp_path):
    (tmp_path / "reviews" / "views").mkdir(parents=True)
    (tmp_path / "reviews" / "views" / "x.py").write_text(
        "from core import todo\nfrom core.sections import Page, register as add\n\n"
        "add(Page.VISIT, 'reviews/_x.html', lambda request, visit: {})\n"
        "def ready():\n    todo.register(lambda request: [])\n"
    )
    (tmp_path / "reviews" / "hooks.py").write_text("from core import todo\n\ntodo.register(lambda request: [])\n")
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "retention.py").write_text(
        "def register(label, step):\n    pass\n\n\nregister('Old rows, deleted', print)\n"
    )
    (tmp_path / "core" / "messages.py").write_text(
        "from .mail import register_label\n\n\ndef register(*kinds):\n    register_label(kinds[0], 'A label')\n"
    )

    assert registrations_outside_hooks(root=tmp_path) == [
        "core/retention.py:5: core.retention.register",
        "reviews/views/x.py:4: core.sections.register",
        "reviews/views/x.py:6: core.todo.register",
    ]


def sections_not_from_sections_modules(root: Path = ROOT) -> list[str]:
    """Each page section a hooks.py registers whose context function is not imported from its app's sections.py."""
    found = []
    for app in _apps(root):
        path = root / app / "hooks.py"
        if not path.is_file():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        registries, functions = _bindings(f"{app}.hooks", tree)
        imports = imported_names(f"{app}.hooks", False, tree)
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and _referred(node.func, registries, functions) == ("core.sections", "register")
            ):
                continue
            given = context = (
                node.args[2]
                if len(node.args) > 2
                else next((k.value for k in node.keywords if k.arg == "context"), None)
            )
            parts = []
            while isinstance(given, ast.Attribute):
                parts.insert(0, given.attr)
                given = given.value
            named = ".".join([imports.get(given.id, "?"), *parts]) if isinstance(given, ast.Name) else ""
            if named.rpartition(".")[0] != f"{app}.sections":
                found.append(f"{app}/hooks.py:{node.lineno}: {ast.unparse(context) if context else '(none)'}")
    return found


def test_every_page_section_a_hooks_module_registers_comes_from_its_apps_sections_module():
    assert sections_not_from_sections_modules() == []


def test_the_check_finds_a_section_from_elsewhere(tmp_path):
    (tmp_path / "surveys").mkdir()
    (tmp_path / "surveys" / "hooks.py").write_text(
        "from core import sections\n"
        "from core.sections import Page, register\n"
        "from . import sections as mine\n"
        "from .sections import visit_rounds\n"
        "from .views import rounds\n"
        "from .todo import my_visits_section\n"
        "from reviews.sections import other\n\n"
        "register(Page.VISIT, 'surveys/_a.html', visit_rounds)\n"
        "register(Page.VISIT, 'surveys/_b.html', mine.visit_stakeholders)\n"
        "register(Page.VISIT, 'surveys/_c.html', rounds.visit_section)\n"
        "sections.register(Page.MY_VISITS, 'surveys/_d.html', my_visits_section)\n"
        "register(Page.VISIT, 'surveys/_e.html', other)\n"
        "register(Page.VISIT, 'surveys/_f.html', context=lambda request, visit: {})\n"
    )

    assert sections_not_from_sections_modules(root=tmp_path) == [
        "surveys/hooks.py:11: rounds.visit_section",
        "surveys/hooks.py:12: my_visits_section",
        "surveys/hooks.py:13: other",
        "surveys/hooks.py:14: lambda request, visit: {}",
    ]


def _ready_body(app: str) -> list[str]:
    tree = ast.parse((ROOT / app / "apps.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == "ready":
            return [ast.unparse(statement) for statement in node.body]
    return []


@pytest.mark.parametrize("app", APPS)
def test_each_apps_ready_only_imports_its_hooks(app):
    body = _ready_body(app)
    expected = "from . import checks, hooks" if app == "core" else "from . import hooks"
    assert ((ROOT / app / "hooks.py").is_file(), body) == (True, [expected])


def rendered_pages(root: Path = ROOT) -> set[str]:
    """The Page members a view (or any module) asks for with `sections_for(Page.<NAME>, ...)`."""
    used = set()
    for _, _, tree in modules(root, _apps(root)):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func).endswith("sections_for") and node.args:
                key = ast.unparse(node.args[0])
                if key.startswith("Page."):
                    used.add(key.removeprefix("Page."))
    return used


def test_every_page_is_rendered_and_every_registered_page_has_its_view():
    rendered = rendered_pages()

    assert rendered == {page.name for page in Page}
    assert {page.name for page in sections.registered()} <= rendered


def test_the_check_finds_a_page_nobody_renders(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "views.py").write_text("sections_for(Page.VISIT, request, visit)\n")

    assert rendered_pages(root=tmp_path) == {"VISIT"}


def asked_links(root: Path = ROOT) -> set[str]:
    """The LinkKind members a page asks for with `links.attach(LinkKind.<NAME>, ...)` or `links.resolve(...)`."""
    asked = set()
    for _, _, tree in modules(root, _apps(root)):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] in {"attach", "resolve"}:
                key = ast.unparse(node.args[0]) if node.args else ""
                if "LinkKind." in key:
                    asked.add(key.rsplit(".", 1)[1])
    return asked


def test_every_link_kind_has_a_resolver_and_a_page_that_asks_for_it():
    assert ({kind.name for kind in links.registered()}, asked_links()) == ({k.name for k in LinkKind},) * 2


def test_a_key_that_is_not_core_s_is_refused():
    def nothing(request, obj):
        return None

    with pytest.raises(TypeError):
        sections.register("visit", "reviews/_x.html", nothing)
    with pytest.raises(TypeError):
        sections.sections_for("visit", None, None)
    with pytest.raises(TypeError):
        links.register("published_report", lambda objects: {})
    with pytest.raises(TypeError):
        links.resolve("published_report", [object()])

    assert (Page.VISIT == "visit", sections.registered()[Page.VISIT] != []) == (True, True)


def test_a_registration_in_a_packages_init_is_read_relative_to_the_package(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "__init__.py").write_text("from .todo import register\n\nregister(print)\n")
    (tmp_path / "reviews" / "services").mkdir(parents=True)
    (tmp_path / "reviews" / "services" / "__init__.py").write_text(
        "from ..todo import register\nfrom ... import core\n\nregister(print)\n"
    )

    assert registrations_outside_hooks(root=tmp_path) == ["core/__init__.py:3: core.todo.register"]


DESTINATION_TAG = re.compile(r"""\{%\s*destination\s+(["'])(?P<key>[^"']*)\1""")


def _templates(root: Path) -> list[Path]:
    return sorted(
        [
            *(root / "templates").rglob("*.html"),
            *(path for app in _apps(root) for path in (root / app).rglob("templates/**/*.html")),
        ]
    )


def destinations_asked(root: Path = ROOT) -> dict[str, list[str]]:
    """{key: [where]} for each destination a template asks for (`{% destination 'x' %}`) or a module names
    (`Destination.X`, by its value) outside a hooks.py, which only registers."""
    asked: dict[str, list[str]] = {}
    for path in _templates(root):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in DESTINATION_TAG.finditer(line):
                asked.setdefault(match["key"], []).append(f"{path.relative_to(root)}:{number}")
    for _, relative, tree in modules(root, _apps(root)):
        if relative.name == "hooks.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Destination":
                key = Destination[node.attr].value if node.attr in Destination.__members__ else node.attr
                asked.setdefault(key, []).append(f"{relative}:{node.lineno}")
    return asked


def test_every_destination_a_template_asks_for_is_core_s_and_every_one_is_asked_for():
    asked = destinations_asked()

    assert {key: where for key, where in asked.items() if key not in set(Destination)} == {}
    assert set(asked) >= set(Destination), set(Destination) - set(asked)


def test_the_destination_check_finds_an_unknown_key_and_a_key_nobody_asks_for(tmp_path):
    (tmp_path / "templates" / "reviews").mkdir(parents=True)
    (tmp_path / "templates" / "reviews" / "x.html").write_text(
        '<a href="{% destination \'outbox\' %}">Outbox</a> <a href="{% destination "archive" pk=1 %}">x</a>\n'
    )
    (tmp_path / "core" / "templates" / "core").mkdir(parents=True)
    (tmp_path / "core" / "templates" / "core" / "y.html").write_text("{% destination 'people' %}\n")
    (tmp_path / "authorities").mkdir()
    (tmp_path / "authorities" / "views.py").write_text("redirect(destinations.url(Destination.PERSON, pk=1))\n")
    (tmp_path / "office").mkdir()
    (tmp_path / "office" / "hooks.py").write_text("destinations.register(Destination.RUNNING, 'office:running')\n")

    assert destinations_asked(root=tmp_path) == {
        "outbox": ["templates/reviews/x.html:1"],
        "archive": ["templates/reviews/x.html:1"],
        "people": ["core/templates/core/y.html:1"],
        "person": ["authorities/views.py:1"],
    }


def test_a_registration_by_decorator_alias_or_getattr_is_found(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "selectors.py").write_text(
        "from core import sections as _sections, todo as _todo\n"
        "@_todo.register\n"
        "def lines(request):\n    return []\n"
        "getattr(_sections, 'register')(_sections.Page.VISIT, 'x.html', None)\n"
        "_add = _todo.register\n"
        "_add(lines)\n"
    )

    assert registrations_outside_hooks(root=tmp_path) == [
        "reviews/selectors.py:2: core.todo.register",
        "reviews/selectors.py:5: core.sections.register",
        "reviews/selectors.py:6: core.todo.register",
    ]
