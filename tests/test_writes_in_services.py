"""Writes happen in services: no view, form or template tag saves, creates, updates or deletes anything itself.

The walk parses every module of the apps' views (a `views/` package, `views.py`, `*_views.py`), forms (`forms/`,
`forms.py`, `*_forms.py`) and template tags, and finds each call of a method that writes: on a model (`.save()`,
`.delete()`), a queryset or manager (`.create()`, `.update()`, `bulk_create`, `get_or_create`...), a formset or model
form (`.save()`) or a many-to-many manager (`.set()`, `.add()`, `.remove()`, `.clear()`); sending an email is a
write too (`queue_email(...)`, or a function of a `notifications` module that queues one). Two kinds of call are not
writes: a service's (a function reached through a `services` module or package, as the module's imports say:
`services.x(...)`, `visits.schedule_visit(...)` with visits imported from `<app>.services`, or a name imported from a
services module), and one on a plain dict, set or list the function made itself (`context.update(...)`,
`seen.add(...)`, a form's `cleaned_data`, a widget's `attrs`), or on the cache. A keyword `by=` exempts nothing.
A view written elsewhere (any function whose first argument is the request) is read the same way.
"""

import ast
from pathlib import Path

from tests.tree import LAYERS, ROOT, imported_names, module_name

APPS = tuple(LAYERS)
MINE = ("authorities", "reviews", "quads")

WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "set",
    "add",
    "remove",
    "clear",
}
WRITES |= {f"a{name}" for name in WRITES}  # the async ORM's: asave(), aupdate(), adelete()...
WRITES |= {"save_base", "save_m2m", "save_existing_objects", "save_new_objects", "save_existing", "save_new"}
# Django's generic editing views save or delete with no call written in the view.
EDITING_VIEWS = {
    "CreateView",
    "UpdateView",
    "DeleteView",
    "BaseCreateView",
    "BaseUpdateView",
    "BaseDeleteView",
    "ModelFormMixin",
    "DeletionMixin",
}
CONTAINER_WRITES = {"update", "add", "remove", "clear", "setdefault"}  # as a dict, set or list has them too
CONTAINER_CALLS = {"dict", "set", "list", "defaultdict", "Counter", "OrderedDict", "clean"}  # clean(): cleaned data
CONTAINER_ATTRIBUTES = {"attrs", "cleaned_data", "initial", "error_messages"}


def _is_page_module(relative: Path) -> bool:
    folders, stem = set(relative.parts[:-1]), relative.stem
    return (
        bool(folders & {"views", "forms", "templatetags"})
        or stem in {"views", "forms"}
        or stem.endswith(("_views", "_forms"))
    )


def page_modules(app: str, root: Path = ROOT) -> list[Path]:
    folder = root / app
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*.py")) if _is_page_module(path.relative_to(folder))]


def _containers(tree: ast.AST) -> set[str]:
    """Names the module binds to a dict, set or list it makes (a display, a comprehension or a constructor)."""
    made = (ast.Dict, ast.Set, ast.List, ast.DictComp, ast.SetComp, ast.ListComp)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            value = node.value
            called = value.func if isinstance(value, ast.Call) else None
            name = getattr(called, "id", None) or getattr(called, "attr", None)
            if isinstance(value, made) or name in CONTAINER_CALLS:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names |= {target.id for target in targets if isinstance(target, ast.Name)}
    return names


def _is_container(receiver: ast.expr, containers: set[str]) -> bool:
    if isinstance(receiver, ast.Name):
        return receiver.id in containers
    if isinstance(receiver, ast.Attribute):
        return receiver.attr in CONTAINER_ATTRIBUTES
    if isinstance(receiver, ast.Subscript):  # self.fields["x"].widget.attrs[...] and the like
        return _is_container(receiver.value, containers)
    return False


def _callee(func: ast.expr, imports: dict[str, str]) -> str | None:
    """The dotted path of the function called, its first name resolved through the module's imports (None when the
    first name is not imported: a local, an argument, a builtin)."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.insert(0, func.attr)
        func = func.value
    if not isinstance(func, ast.Name) or func.id not in imports:
        return None
    return ".".join([imports[func.id], *parts])


def _is_service(callee: str | None) -> bool:
    return callee is not None and "services" in callee.split(".")[:-1]


def _sending(path: Path) -> set[str]:
    """The functions of a notifications module that queue an email, themselves or through another of its functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    calls = {
        name: {ast.unparse(n.func).rsplit(".", 1)[-1] for n in ast.walk(node) if isinstance(n, ast.Call)}
        for name, node in functions.items()
    }
    sending = {name for name, called in calls.items() if "queue_email" in called}
    while more := {name for name, called in calls.items() if called & sending} - sending:
        sending |= more
    return sending


def _sends(callee: str | None, func: ast.expr, root: Path) -> bool:
    """A call of queue_email, or of a notifications module's function that sends (every one, when the module is not
    found in the tree)."""
    if (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)) == "queue_email":
        return True
    if callee is None or callee.split(".")[-2:-1] != ["notifications"]:
        return False
    module, _, function = callee.rpartition(".")
    folder = root.joinpath(*module.split("."))
    path = folder.with_suffix(".py") if folder.with_suffix(".py").is_file() else folder / "__init__.py"
    return not path.is_file() or function in _sending(path)


def _takes_request(node: ast.AST) -> bool:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    arguments = node.args.posonlyargs + node.args.args
    return bool(arguments) and arguments[0].arg == "request"


def _scopes(tree: ast.Module, views_only: bool) -> list[ast.AST]:
    """Where calls are read, each with the containers it makes: every function (a container made in one function does
    not exempt a name in another) and the module's own statements; only views when `views_only`."""
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    if views_only:
        return [node for node in functions if _takes_request(node)]
    return [*functions, ast.Module(body=[n for n in tree.body if not isinstance(n, ast.FunctionDef)], type_ignores=[])]


def _writing_call(node: ast.Call, imports: dict[str, str], containers: set[str], root: Path) -> bool:
    callee = _callee(node.func, imports)
    if _is_service(callee):
        return False  # a service, which records who
    if _sends(callee, node.func, root):
        return True
    if getattr(node.func, "id", None) == "getattr" and len(node.args) > 1:  # getattr(visit, "save")()
        return isinstance(node.args[1], ast.Constant) and node.args[1].value in WRITES
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in WRITES):
        return False
    if imports.get(getattr(node.func.value, "id", "")) == "django.core.cache.cache":
        return False  # the cache: a copy of what is stored, not the portal's data
    return not (node.func.attr in CONTAINER_WRITES | {"set", "delete"} and _is_container(node.func.value, containers))


def writes_in(path: Path, root: Path = ROOT, *, views_only: bool = False) -> list[str]:
    """The writing calls in the module, or only in its views (functions taking the request first), and the generic
    editing views it subclasses."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = imported_names(*module_name(path.relative_to(root)), tree)
    found = {}
    for scope in _scopes(tree, views_only):
        containers = _containers(scope)
        for node in ast.walk(scope):
            if isinstance(node, ast.Call) and _writing_call(node, imports, containers, root):
                found.setdefault(
                    (node.lineno, node.col_offset), f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(node)}"
                )
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and not views_only:
            bases = {getattr(base, "id", None) or getattr(base, "attr", None) for base in node.bases}
            if bases & EDITING_VIEWS:
                found[(node.lineno, 0)] = f"{path.relative_to(root)}:{node.lineno}: class {node.name} saves or deletes"
    return [found[key] for key in sorted(found)]


def writes_in_pages(apps=APPS, root: Path = ROOT) -> list[str]:
    found = []
    for app in apps:
        pages = page_modules(app, root)
        for path in pages:
            found += writes_in(path, root)
        others = sorted(set((root / app).rglob("*.py")) - set(pages)) if (root / app).is_dir() else []
        for path in others:
            if not {"migrations", "management", "tests"} & set(path.relative_to(root).parts):
                found += writes_in(path, root, views_only=True)
    return found


def test_no_view_form_or_template_tag_of_reviews_authorities_or_quads_writes():
    assert writes_in_pages(MINE) == []


def test_no_view_form_or_template_tag_of_any_app_writes():
    assert writes_in_pages() == []


def test_the_walk_reads_every_apps_views_and_forms():
    read = {app: len(page_modules(app)) for app in MINE}

    assert all(count >= 3 for count in read.values()), read  # views, forms: the walk sees a tree, not nothing


def test_a_write_in_a_view_is_found(tmp_path):
    views = tmp_path / "reviews" / "views"
    views.mkdir(parents=True)
    (views / "visits.py").write_text(
        "def visit_edit(request, pk):\n"
        "    visit = Visit.objects.get(pk=pk)\n"
        "    visit.save()\n"
        "    formset.save()\n"
        "    visit.hosts.add(host)\n"
        "    Visit.objects.filter(pk=pk).update(notes='')\n"
        "    Theme.objects.get_or_create(name='x')\n"
        "    services.update_visit(visit=visit, by=request.user)\n"
        "    context = {'visit': visit}\n"
        "    context.update(more=1)\n"
        "    seen = set()\n"
        "    seen.add(visit.pk)\n"
    )

    assert writes_in_pages(["reviews"], root=tmp_path) == [
        "reviews/views/visits.py:3: visit.save()",
        "reviews/views/visits.py:4: formset.save()",
        "reviews/views/visits.py:5: visit.hosts.add(host)",
        "reviews/views/visits.py:6: Visit.objects.filter(pk=pk).update(notes='')",
        "reviews/views/visits.py:7: Theme.objects.get_or_create(name='x')",
    ]


def test_a_write_in_a_form_template_tag_or_view_elsewhere_is_found_and_a_service_is_not(tmp_path):
    app = tmp_path / "quads"
    (app / "templatetags").mkdir(parents=True)
    (app / "forms.py").write_text("class QuadForm:\n    def save(self):\n        self.instance.members.set([])\n")
    (app / "meeting_forms.py").write_text("def clean(form):\n    form.instance.delete()\n")
    (app / "templatetags" / "quads.py").write_text("def tag(quad):\n    quad.members.clear()\n")
    (app / "services.py").write_text("def save_quad(quad):\n    quad.save()\n")
    (app / "pages.py").write_text("def quad_page(request, pk):\n    Quad.objects.filter(pk=pk).delete()\n")

    assert writes_in_pages(["quads"], root=tmp_path) == [
        "quads/forms.py:3: self.instance.members.set([])",
        "quads/meeting_forms.py:2: form.instance.delete()",
        "quads/templatetags/quads.py:2: quad.members.clear()",
        "quads/pages.py:2: Quad.objects.filter(pk=pk).delete()",
    ]


def test_a_by_keyword_does_not_make_a_write_a_service_but_a_services_module_does(tmp_path):
    views = tmp_path / "office" / "views"
    views.mkdir(parents=True)
    (views / "__init__.py").write_text("")
    (views / "people.py").write_text(
        "from office import services\n"
        "from office.services import erasure\n"
        "from ..services.erasure import erase as wipe\n"
        "from . import services as mine\n\n"
        "def erase(request, pk):\n"
        "    ErasureRecord.objects.create(by=request.user, person=pk)\n"
        "    services.erasure.erase(person=pk, by=request.user)\n"
        "    erasure.delete(person=pk, by=request.user)\n"
        "    wipe(person=pk, by=request.user)\n"
        "    mine.save(pk)\n"
        "    person.save(by=request.user)\n"
    )

    assert writes_in_pages(["office"], root=tmp_path) == [
        "office/views/people.py:7: ErasureRecord.objects.create(by=request.user, person=pk)",
        "office/views/people.py:12: person.save(by=request.user)",
    ]


def test_sending_an_email_from_a_view_is_a_write_and_rendering_one_is_not(tmp_path):
    app = tmp_path / "reviews"
    (app / "views").mkdir(parents=True)
    (app / "notifications.py").write_text(
        "from core.mail import queue_email\n\n"
        "def preview(visit):\n    return 'subject', 'body'\n\n"
        "def _send(visit):\n    queue_email(to='x', subject='s', body='b')\n\n"
        "def remind(visit):\n    _send(visit)\n"
    )
    (app / "views" / "places.py").write_text(
        "from core.mail import queue_email\n"
        "from core import faults\n"
        "from .. import notifications\n"
        "from reviews.notifications import remind\n\n"
        "def places(request, pk):\n"
        "    notifications.preview(visit)\n"
        "    notifications.remind(visit)\n"
        "    remind(visit)\n"
        "    queue_email(to='x', subject='s', body='b')\n"
        "    faults.notifications.anything(visit)\n"
    )

    assert writes_in_pages(["reviews"], root=tmp_path) == [
        "reviews/views/places.py:8: notifications.remind(visit)",
        "reviews/views/places.py:9: remind(visit)",
        "reviews/views/places.py:10: queue_email(to='x', subject='s', body='b')",
        "reviews/views/places.py:11: faults.notifications.anything(visit)",
    ]


def test_async_writes_indirect_writes_editing_views_and_a_borrowed_container_name_are_found(tmp_path):
    views = tmp_path / "reviews" / "views"
    views.mkdir(parents=True)
    (views / "visits.py").write_text(
        "from django.core.cache import cache\n"
        "from django.views.generic import UpdateView\n"
        "async def visit_note(request, pk):\n"
        "    await Visit.objects.filter(pk=pk).aupdate(notes='x')\n"
        "    form.save_m2m()\n"
        "    getattr(visit, 'save')()\n"
        "    cache.delete('key')\n"
        "def helper():\n"
        "    members = set()\n"
        "    members.add(1)\n"
        "def visit_hosts(request, pk):\n"
        "    members = Visit.objects.get(pk=pk).hosts\n"
        "    members.clear()\n"
        "class VisitEdit(UpdateView):\n"
        "    model = Visit\n"
    )

    assert writes_in_pages(["reviews"], root=tmp_path) == [
        "reviews/views/visits.py:4: Visit.objects.filter(pk=pk).aupdate(notes='x')",
        "reviews/views/visits.py:5: form.save_m2m()",
        "reviews/views/visits.py:6: getattr(visit, 'save')",
        "reviews/views/visits.py:13: members.clear()",
        "reviews/views/visits.py:14: class VisitEdit saves or deletes",
    ]
