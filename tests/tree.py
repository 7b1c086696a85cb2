"""The project's source tree as the rule tests read it: where it is, its apps in layer order, each module parsed once
per walk, and what an import statement names. One copy, so every rule test reads the tree the same way."""

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The apps, lowest first (pyproject.toml's import-linter layers): reports and quads are siblings (neither names the
# other) and office sits above both.
LAYERS = ["core", "authorities", "reviews", "surveys", "reports", "quads", "office"]
SIBLINGS = {"reports": "quads", "quads": "reports"}


def higher(app: str) -> list[str]:
    """The apps above `app`, which it must never name (a sibling counts as higher)."""
    above = LAYERS[LAYERS.index(app) + 1 :]
    return [*([SIBLINGS[app]] if app in SIBLINGS and SIBLINGS[app] not in above else []), *above]


def module_name(relative: Path) -> tuple[str, bool]:
    """The dotted name of the module at `relative` (to the root), and whether it is a package's __init__."""
    parts = list(relative.with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def modules(root: Path = ROOT, apps=LAYERS, *, migrations: bool = False) -> Iterator[tuple[str, Path, ast.Module]]:
    """(dotted name, path relative to the root, parsed tree) for every module of the apps, in order."""
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root)
            if migrations or "migrations" not in relative.parts:
                yield module_name(relative)[0], relative, ast.parse(path.read_text(encoding="utf-8"))


def resolve_import(module_name: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module an ImportFrom reads from, inside `module_name` (a package's __init__ when is_package:
    there `from .x import y` is the package's own x)."""
    if not node.level:
        return node.module or ""
    package = module_name.split(".") if is_package else module_name.split(".")[:-1]
    package = package[: len(package) - (node.level - 1)]
    return ".".join([*package, *([node.module] if node.module else [])])


def imported_names(module_name: str, is_package: bool, tree: ast.AST) -> dict[str, str]:
    """Each name the module binds by an import, and the dotted path it stands for (`from reviews.services import
    visits` binds visits to reviews.services.visits; `import core.mail as mail` binds mail to core.mail)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            source = resolve_import(module_name, is_package, node)
            for alias in node.names:
                names[alias.asname or alias.name] = f"{source}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                names[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
    return names
