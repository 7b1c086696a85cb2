"""A new email goes in its app's emails.py: every kind of email (its key, its label, and its wording where officers may
change it) is defined there and nowhere else, and hooks.py registers it from there. A kind queued as a bare string,
wording built outside emails.py, or a label registered from a constant of another module fails here."""

import ast
from pathlib import Path

from tests.tree import LAYERS, ROOT, imported_names, modules

APPS = LAYERS
# The registry functions that take an email kind, by module: core.mail's labels and core.messages' wording.
KIND_REGISTRIES = {"core.mail.register_label", "core.mail.register_unnamed", "core.messages.register"}
WORDING = "core.messages.Kind"


def _resolved(func: ast.expr, imports: dict[str, str]) -> str:
    """The dotted path of what is called, however it was imported (`messages.Kind`, `Kind`, `M.Kind`)."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.insert(0, func.attr)
        func = func.value
    first = imports.get(func.id, func.id) if isinstance(func, ast.Name) else ""
    return ".".join([first, *parts])


def _from_emails(tree: ast.Module) -> set[str]:
    """Names the module binds to its app's emails.py: the module itself, or names imported from it."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level and node.module in (None, "emails"):
            for alias in node.names:
                if node.module == "emails" or alias.name == "emails":
                    names.add(alias.asname or alias.name)
    return names


def _is_from_emails(node: ast.expr, names: set[str]) -> bool:
    if isinstance(node, ast.Starred):
        node = node.value
    if isinstance(node, ast.Attribute):
        return isinstance(node.value, ast.Name) and node.value.id in names
    return isinstance(node, ast.Name) and node.id in names


def misplaced_emails(root: Path = ROOT) -> list[str]:
    found = []
    for name, relative, tree in modules(root, APPS):
        in_emails = relative.name == "emails.py"
        names = _from_emails(tree)
        imports = imported_names(name, relative.name == "__init__.py", tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            where = f"{relative}:{node.lineno}"
            called = _resolved(node.func, imports)
            if called == WORDING and not in_emails:
                found.append(f"{where}: email wording (messages.Kind) outside an emails.py")
            if called in KIND_REGISTRIES and relative.name == "hooks.py":
                kinds = node.args if called.endswith("messages.register") else node.args[:1]
                found += [
                    f"{where}: registers a kind not from emails.py"
                    for kind in kinds
                    if not _is_from_emails(kind, names)
                ]
            if called.rsplit(".", 1)[-1] == "queue_email":
                kind = next((keyword.value for keyword in node.keywords if keyword.arg == "kind"), None)
                if isinstance(kind, ast.Constant):
                    found.append(f"{where}: queues kind {kind.value!r} as a bare string")
    return found


def test_every_email_kind_is_defined_in_an_emails_module_and_registered_from_it():
    assert misplaced_emails() == []


def test_each_app_that_sends_email_names_its_kinds_in_emails_py():
    with_emails = sorted(app for app in APPS if (ROOT / app / "emails.py").is_file())

    assert with_emails == ["authorities", "core", "reports", "reviews", "surveys"]


def test_an_email_defined_elsewhere_is_found(tmp_path):
    (tmp_path / "reviews" / "services").mkdir(parents=True)
    (tmp_path / "reviews" / "services" / "visits.py").write_text(
        "from core import messages\n"
        "NOTICE = messages.Kind(key='notice', label='Notice', subject='s', body='b')\n"
        "from core.messages import Kind as Wording\n"
        "OTHER = Wording(key='other', label='Other', subject='s', body='b')\n"
        "def send(person):\n"
        "    queue_email(to=person.email, subject='s', body='b', kind='visit_notice')\n"
    )
    (tmp_path / "reviews" / "hooks.py").write_text(
        "from core import mail, messages\n"
        "from . import emails\n"
        "from .services.visits import NOTICE\n"
        "messages.register(*emails.KINDS)\n"
        "messages.register(NOTICE)\n"
        "mail.register_label('visit_notice', 'Notice of a visit')\n"
        "mail.register_label(emails.REMINDER, emails.REMINDER_LABEL)\n"
    )

    assert misplaced_emails(tmp_path) == [
        "reviews/hooks.py:5: registers a kind not from emails.py",
        "reviews/hooks.py:6: registers a kind not from emails.py",
        "reviews/services/visits.py:2: email wording (messages.Kind) outside an emails.py",
        "reviews/services/visits.py:4: email wording (messages.Kind) outside an emails.py",
        "reviews/services/visits.py:6: queues kind 'visit_notice' as a bare string",
    ]
