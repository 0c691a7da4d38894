"""Only the trusted bulk import may find a person by BSN (issue 9): a partner-facing path that
could call it would tell a partner who holds a BSN, and let it write onto that person's record.

Partner reports become `registry.ReportedSubject` statements; the Veiligheidshuis establishes who
they are about. The test parses every module (nothing is executed) and fails on any other use.
"""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "schakel"
TRUSTED_LOOKUP = "register_persons_from_trusted_extract"
# Where it is defined, and the import of judicial registrations the Veiligheidshuis loads.
ALLOWED = {"registry/services.py", "targets/registrations.py"}
# The lookups that partner paths used before issue 9 (and the one-by-one trusted lookup that
# replaced it until imports became bulk): they must not come back under their old names.
RETIRED = {"find_or_create_person", "find_or_create_person_from_trusted_extract"}


def _uses(name_set) -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        relative = path.relative_to(SRC).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Name):
                names = [node.id]
            elif isinstance(node, ast.Attribute):
                names = [node.attr]
            elif isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.FunctionDef):
                names = [node.name]
            if any(n in name_set for n in names):
                found.append(f"{relative}:{node.lineno}")
    return found


def test_only_the_trusted_import_finds_persons_by_bsn():
    offenders = [use for use in _uses({TRUSTED_LOOKUP}) if use.split(":")[0] not in ALLOWED]
    assert offenders == []


def test_the_old_bsn_lookup_is_gone():
    assert _uses(RETIRED) == []


def test_the_check_finds_the_trusted_import():
    assert {use.split(":")[0] for use in _uses({TRUSTED_LOOKUP})} == ALLOWED
