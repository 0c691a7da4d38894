"""Every environment variable Schakel reads is in docs/settings.md, and the document names none
that Schakel does not read (as Open Zaak documents its settings).

The variables are found in the code itself: `os.environ.get/[]/setdefault`, `os.getenv` and the
settings' `env_*` helpers in the settings modules, the rest of `src/schakel`, `manage.py` and
`gunicorn.conf.py`, and `${NAME...}` in `bin/serve`. A variable read under a computed name
(an f-string) cannot be found this way, so it fails the test too: spell the name out.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "settings.md"
PYTHON_SOURCES = [
    *sorted((ROOT / "src" / "schakel").rglob("*.py")),
    ROOT / "manage.py",
    ROOT / "gunicorn.conf.py",
]
SHELL_SOURCES = [ROOT / "bin" / "serve"]
# Set by the shell or the system, not settings of Schakel.
NOT_SETTINGS = {"PWD", "PATH", "HOME", "PYTHONPATH"}
NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _reads_environment(function: ast.AST) -> bool:
    """os.environ.get/setdefault/pop, os.getenv, or one of the settings' env_* helpers."""
    if isinstance(function, ast.Name):
        return function.id.startswith("env_")
    if not isinstance(function, ast.Attribute):
        return False
    if _is_os_environ(function.value):
        return function.attr in {"get", "setdefault", "pop"}
    return (
        function.attr == "getenv"
        and isinstance(function.value, ast.Name)
        and function.value.id == "os"
    )


def _reads(tree: ast.AST):
    """(name or None, line) for each read of an environment variable; None: a computed name."""
    for node in ast.walk(tree):
        argument = None
        if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            argument = node.slice
        elif isinstance(node, ast.Call) and node.args and _reads_environment(node.func):
            argument = node.args[0]
        if argument is None or isinstance(argument, ast.Name):
            continue  # not a read, or a helper passing on its parameter (`env_bool(name)`)
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            yield argument.value, node.lineno
        else:
            yield None, node.lineno


def variables_read() -> tuple[dict[str, str], list[str]]:
    found: dict[str, str] = {}
    computed: list[str] = []
    for path in PYTHON_SOURCES:
        for name, line in _reads(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{line}"
            if name is None:
                computed.append(where)
            elif NAME.match(name):  # WSGI's request environ uses other keys
                found.setdefault(name, where)
    for path in SHELL_SOURCES:
        for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for name in re.findall(r"\$\{([A-Z][A-Z0-9_]*)", line):
                if name not in NOT_SETTINGS:
                    found.setdefault(name, f"{path.relative_to(ROOT)}:{line_number}")
    return found, computed


def variables_documented() -> set[str]:
    """The first column of every table row: one variable per row, in backticks."""
    text = DOCUMENT.read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", text, flags=re.MULTILINE))


def test_no_environment_variable_is_read_under_a_computed_name():
    _found, computed = variables_read()
    assert computed == []


def test_every_environment_variable_read_is_documented():
    found, _computed = variables_read()
    missing = {name: where for name, where in found.items() if name not in variables_documented()}
    assert missing == {}, "add these to docs/settings.md"


def test_every_documented_variable_is_read():
    found, _computed = variables_read()
    assert variables_documented() - set(found) == set()


def test_the_settings_document_is_linked():
    for linking in ("README.md", "docs/operations.md"):
        assert "settings.md" in (ROOT / linking).read_text(encoding="utf-8"), linking


def test_the_finder_sees_the_ways_settings_are_read():
    found, _computed = variables_read()
    # os.environ.get, env_bool, env_years, os.environ[...] (file reads), gunicorn, bin/serve
    for name in (
        "DATABASE_URL",
        "SCHAKEL_REQUIRE_2FA",
        "SCHAKEL_RETENTION_AUDIT_YEARS",
        "SECRET_KEY_FILE",
        "WEB_CONCURRENCY",
        "SCHAKEL_PREPARE_ARGS",
        "SCHAKEL_REDIS_URL",
    ):
        assert name in found, name
