"""No import cycle between the project's modules, counting the imports deferred into functions.

import-linter checks the order of the apps; it cannot see a cycle inside one app, and a function-level import
hides a cycle from Python itself. So this test parses every module, takes every import (at the top and inside
functions), and fails on any cycle. A function-level import is allowed only where a cycle with Django's app loading
or a heavy optional library demands it, and its line (or the line above) says which:

    # deferred (app loading): models can be imported only once the app registry is ready
    # deferred (heavy library): pandas takes a second to import and only the results page needs it

A comment above a run of imports (no blank line between them) speaks for the run.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from tests.tree import LAYERS, ROOT, module_name, resolve_import

PACKAGES = [*LAYERS, "ci_portal"]
# Libraries slow to import or needed by one page only: a function may import them where they are used.
HEAVY = {"weasyprint", "pandas", "numpy", "pypdf", "openpyxl", "docx", "PIL", "boto3", "matplotlib"}
REASON = re.compile(r"#\s*deferred \((?P<kind>app loading|heavy library)\):\s*\S")


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    line: int
    targets: tuple[str, ...]  # the project modules it names
    top_names: tuple[str, ...]  # the top-level packages it names, project or not
    deferred: bool  # inside a function
    comment: str  # the comment on its line or the line above ("" if none)


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            modules[module_name(path.relative_to(root))[0]] = path
    return modules


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` points at: itself, or the nearest enclosing module (a name inside it)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _comment(lines: list[str], node: ast.stmt) -> str:
    """The comments on the import's lines and in the comment block right above it."""
    comments = [line[line.index("#") :] for line in lines[node.lineno - 1 : node.end_lineno] if "#" in line]
    above = node.lineno - 2
    while above >= 0 and lines[above].lstrip().startswith("#"):
        comments.insert(0, lines[above].strip())
        above -= 1
    return " ".join(comments)


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        previous = None  # the import just before, on the line above: one comment may stand above a run of them
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                if isinstance(child, ast.Import):
                    names = [alias.name for alias in child.names]
                else:
                    base = resolve_import(module, path.name == "__init__.py", child)
                    names = [f"{base}.{alias.name}" if base else alias.name for alias in child.names]
                targets = tuple(sorted({t for name in names if (t := _known(name, modules)) and t != module}))
                comment = _comment(lines, child)
                if not comment and previous is not None and previous.end_lineno == child.lineno - 1:
                    comment = found[-1].comment
                found.append(
                    Import(
                        module=module,
                        line=child.lineno,
                        targets=targets,
                        top_names=tuple(sorted({name.split(".")[0] for name in names})),
                        deferred=in_function,
                        comment=comment,
                    )
                )
                previous = child
            else:
                previous = None
            visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda))

    visit(ast.parse(source, filename=str(path)), False)
    return found


def all_imports(root: Path = ROOT) -> list[Import]:
    modules = project_modules(root)
    return [found for module, path in modules.items() for found in imports_of(module, path, modules)]


def graph(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for found in imports:
        edges.setdefault(found.module, set()).update(found.targets)
        for target in found.targets:
            edges.setdefault(target, set())
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted, smallest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []

    def connect(node: str) -> None:
        # Iterative, so a long chain of imports cannot reach the recursion limit.
        work = [(node, iter(sorted(edges[node])))]
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        while work:
            current, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(edges[successor]))))
                    break
                if successor in on_stack:
                    low[current] = min(low[current], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[current])
                if low[current] == index[current]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == current:
                            break
                    if len(component) > 1:
                        components.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return sorted(components, key=lambda component: (len(component), component))


def unexplained_deferred(imports: list[Import]) -> list[str]:
    """Function-level imports without a reason of one of the two kinds, a heavy-library reason for a light one, or an
    app-loading reason where app loading cannot be the cause: only an AppConfig (its ready()) or a module the settings
    import runs before the app registry is ready."""
    by_settings = {target for found in imports if found.module == "ci_portal.settings" for target in found.targets}
    wrong = []
    for found in imports:
        if not found.deferred:
            continue
        match = REASON.search(found.comment)
        where = f"{found.module}:{found.line}"
        if not match:
            wrong.append(f"{where}: no '# deferred (app loading|heavy library): why' comment")
        elif match["kind"] == "heavy library" and not set(found.top_names) & HEAVY:
            wrong.append(f"{where}: says heavy library but imports {', '.join(found.top_names)}")
        elif match["kind"] == "app loading" and not (found.module.endswith(".apps") or found.module in by_settings):
            wrong.append(f"{where}: says app loading but is neither an AppConfig nor imported by the settings")
    return wrong


def test_no_module_takes_part_in_an_import_cycle():
    assert cycles(graph(all_imports())) == []


def test_every_function_level_import_says_why_it_is_deferred(record_property):
    imports = all_imports()
    deferred = [found for found in imports if found.deferred]
    wrong = unexplained_deferred(imports)
    count = f"{len(deferred)} function-level imports, {len(wrong)} without a reason"
    print(count)
    record_property("summary", count)  # shown after the run, passed or not (tests/conftest.py)
    assert wrong == [], f"{len(wrong)} of the {len(deferred)} function-level imports give no reason"


def _plant(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_cycle_check_finds_a_cycle_hidden_in_a_function(tmp_path):
    _plant(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/mail.py": "from core.documents import render\n",
            "core/documents.py": "from . import tasks\n",
            "core/tasks.py": "def send():\n    from core import mail\n",
            "core/env.py": "from core.mail import send\n",
            "reports/__init__.py": "",
            "reports/models.py": "def url(self):\n    from .published import view\n",
            "reports/published.py": "from reports.models import Report\n",
        },
    )

    assert cycles(graph(all_imports(tmp_path))) == [
        ["reports.models", "reports.published"],
        ["core.documents", "core.mail", "core.tasks"],
    ]


def test_the_reason_check_finds_a_deferred_import_with_no_reason(tmp_path):
    _plant(
        tmp_path,
        {
            "core/__init__.py": "",
            "core/env.py": "import os\n",
            "core/pdf.py": (
                "def render():\n"
                "    # deferred (heavy library): WeasyPrint loads its fonts on import\n"
                "    import weasyprint\n"
                "    from core import env  # used here only\n"
                "    # deferred (heavy library): not really\n"
                "    from core.env import os\n"
                "    # deferred (app loading): it is not\n"
                "    import json\n"
            ),
            "core/apps.py": (
                "class CoreConfig:\n"
                "    def ready(self):\n"
                "        # deferred (app loading): the registry is ready only now\n"
                "        from core import env\n"
                "        from core import pdf\n"
                "\n"
                "        from core.pdf import render\n"
            ),
        },
    )

    imports = all_imports(tmp_path)
    assert [(found.module, found.line) for found in imports if found.deferred] == [
        ("core.apps", 4),
        ("core.apps", 5),
        ("core.apps", 7),
        ("core.pdf", 3),
        ("core.pdf", 4),
        ("core.pdf", 6),
        ("core.pdf", 8),
    ]
    assert unexplained_deferred(imports) == [
        "core.apps:7: no '# deferred (app loading|heavy library): why' comment",
        "core.pdf:4: no '# deferred (app loading|heavy library): why' comment",
        "core.pdf:6: says heavy library but imports core",
        "core.pdf:8: says app loading but is neither an AppConfig nor imported by the settings",
    ]
