"""One writer per record: a case and its history are written only by `cases/services.py`.

Other apps open cases, move them along and add history lines through `cases.services`. The demo
generator is the one exception: it builds past cases and histories in bulk, dated in the past.
"""

import ast
from pathlib import Path

import schakel

SOURCE = Path(schakel.__file__).parent
WRITER = SOURCE / "cases" / "services.py"
EXCEPTIONS = {SOURCE / "demo"}


def _constructions(model: str) -> list[str]:
    """Where `model(...)`, `model.objects.create(...)` or `.bulk_create` on it is called."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path == WRITER or "migrations" in path.parts:
            continue
        if any(folder in path.parents for folder in EXCEPTIONS):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _builds(node.func, model):
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    return found


def _builds(func: ast.expr, model: str) -> bool:
    if isinstance(func, ast.Name):
        return func.id == model
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"create", "bulk_create", "get_or_create"}
        and isinstance(func.value, ast.Attribute)
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == model
    )


def test_case_history_is_written_only_by_cases_services():
    assert _constructions("CaseEvent") == []


def test_cases_are_opened_only_by_cases_services():
    assert _constructions("Case") == []
