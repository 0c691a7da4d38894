"""A test module with transactional database tests holds nothing else.

pytest-django runs transactional tests after the plain ones, but `--dist loadfile` keeps a module
together: a module that mixes both is scheduled with the plain tests, and its flush then empties
the configuration and the shared demo for every module after it on the same worker (this broke
the PostgreSQL suite once). The rule is checked here rather than remembered.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_django_db(node: ast.expr) -> tuple[bool, bool]:
    """(is a django_db mark, is transactional) for a decorator or pytestmark element."""
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    if not (isinstance(target, ast.Attribute) and target.attr == "django_db"):
        return False, False
    transactional = bool(call) and any(
        keyword.arg == "transaction"
        and isinstance(keyword.value, ast.Constant)
        and keyword.value.value is True
        for keyword in call.keywords
    )
    return True, transactional


def _module_marks(tree: ast.Module) -> list[ast.expr]:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "pytestmark" for target in node.targets
        ):
            value = node.value
            return list(value.elts) if isinstance(value, ast.List | ast.Tuple) else [value]
    return []


def mixed_modules(root: Path = TESTS) -> list[str]:
    found = []
    for path in sorted(root.rglob("test_*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        module = [_is_django_db(mark) for mark in _module_marks(tree)]
        module_db = any(is_db for is_db, _ in module)
        module_transactional = any(tr for _, tr in module)
        kinds = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                marks = [_is_django_db(d) for d in node.decorator_list]
                if any(tr for _, tr in marks) or (module_transactional and not marks):
                    kinds.add("transactional")
                elif any(is_db for is_db, _ in marks) or module_db:
                    kinds.add("plain")
        if kinds == {"transactional", "plain"}:
            found.append(str(path.relative_to(root)))
    return found


def test_no_module_mixes_transactional_and_plain_database_tests():
    assert mixed_modules() == []


def test_the_check_sees_a_mixed_module(tmp_path):
    (tmp_path / "test_mixed.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.django_db(transaction=True)\ndef test_a():\n    pass\n\n"
        "@pytest.mark.django_db\ndef test_b():\n    pass\n"
    )
    (tmp_path / "test_alone.py").write_text(
        "import pytest\n\npytestmark = pytest.mark.django_db(transaction=True)\n\n"
        "def test_a():\n    pass\n"
    )
    assert mixed_modules(tmp_path) == ["test_mixed.py"]
