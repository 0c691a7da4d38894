"""Imports between Schakel's apps point down the layers of docs/architecture.md, and never form a
cycle. The layers are written out here once; the test parses every module with `ast` (no import
is executed), so a new upward import or cycle fails with the file and line that made it."""

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "schakel"

# Bottom to top. An app may import from apps in lower layers only; apps in one layer are
# independent of each other. Keep in step with docs/architecture.md.
LAYERS: list[set[str]] = [
    {"lib"},
    {"analytics"},
    {"audit"},
    {"organisations"},
    {"access"},
    {"web"},
    {"jobs"},
    {"notifications"},
    {"work"},
    {"registry", "incidents"},
    {"triage"},
    {"intake"},
    {"cases", "advice"},
    {"plans"},
    {"conferences"},
    {"areas", "linkage", "agenda"},
    {"targets", "documents", "federation"},
    {"demo"},
    {"privacy", "dashboard"},
    {"config"},
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def app_imports() -> list[tuple[str, str, str]]:
    """(importing app, imported app, 'file:line') for every import of one app by another."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC)
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue
        app = relative.parts[0]
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
                modules += [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] == "schakel" and len(parts) > 1 and parts[1] != app:
                    found.append((app, parts[1], f"{relative}:{node.lineno}"))
    return found


def test_every_app_has_a_layer():
    apps = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert apps - {"locale"} <= set(LAYER_OF), sorted(apps - set(LAYER_OF))


def test_imports_point_down():
    upward = sorted(
        {
            f"{where}: {app} (layer {LAYER_OF[app]}) imports {target} (layer {LAYER_OF[target]})"
            for app, target, where in app_imports()
            if target in LAYER_OF and LAYER_OF[target] >= LAYER_OF[app]
        }
    )
    assert not upward, "\n".join(upward)


def test_no_import_cycles_between_apps():
    graph = defaultdict(set)
    for app, target, _ in app_imports():
        graph[app].add(target)
    cycles, state = [], {}

    def visit(app, path):
        state[app] = "visiting"
        for target in sorted(graph[app]):
            if state.get(target) == "visiting":
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[app] = "done"

    for app in sorted(graph):
        if app not in state:
            visit(app, [app])
    assert not cycles, "\n".join(cycles)


def test_analytics_does_not_import_django():
    for path in (SRC / "analytics").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.split(".")[0] == "django" for n in names), path


def test_access_knows_only_organisations():
    imported = {target for source, target, _ in app_imports() if source == "access"}
    assert imported <= {"organisations"}, imported
