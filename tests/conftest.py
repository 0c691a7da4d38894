"""Shared fixtures: users per role, a default configuration after flushes, the test client, and
the demo data loaded once per session (`demo`)."""

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from schakel.organisations.models import OrganisationKind, Role
from tests.factories import make_user
from tests.shared_demo import SharedDemo


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test's flush (its last teardown), put the configuration back, so
    that whatever runs next on this worker finds the ladder, the catalogues and the rules."""
    yield
    if not _transactional(item):
        return
    from pytest_django.plugin import blocking_manager_key

    from schakel.triage.models import EscalationLevel

    blocker = item.config.stash[blocking_manager_key]
    from django.db import DatabaseError

    with blocker.unblock():
        try:
            missing = not EscalationLevel.objects.exists()
        except DatabaseError:  # a migration test left an older schema: it restores its own
            return
        if missing:
            install_default_configuration()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """A request with Accept-Language: nl leaves Dutch active in the test thread (the locale
    middleware does not reset it); later tests expect the default language."""
    yield
    translation.deactivate()


def install_default_configuration() -> None:
    """Re-run the configuration data migrations (needed after a transactional test's flush)."""
    import importlib

    for module in (
        "schakel.organisations.migrations.0002_category_grants",
        "schakel.triage.migrations.0002_ladder",
        "schakel.plans.migrations.0002_catalogue",
        "schakel.intake.migrations.0003_signal_categories",
        "schakel.targets.migrations.0002_configuration",
        "schakel.areas.migrations.0002_finding_catalogue",
        "schakel.areas.migrations.0005_default_survey_questions",
        "schakel.documents.migrations.0003_default_letters",
    ):
        migration = importlib.import_module(module)
        for operation in migration.Migration.operations:
            operation.code(django_apps, None)


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path):
    """Each test its own checkpoint directory: a checkpoint from another test's database would
    make the audit chain look truncated."""
    settings.SCHAKEL_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


def _flush_past_the_audit_triggers() -> None:
    """A transactional test's flush empties every table with DELETE on SQLite, which the audit
    log's append-only triggers refuse: drop them for the flush and create them again after."""
    import importlib

    from django.db.backends.sqlite3.base import DatabaseOperations

    triggers = importlib.import_module("schakel.audit.migrations.0013_delete_below_anchor_only")
    original = DatabaseOperations.sql_flush
    if getattr(original, "_keeps_audit_triggers", False):
        return

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if "audit_auditentry" not in tables:
            return statements
        return [*triggers.SQLITE_DROP, *statements, *triggers.SQLITE_CREATE]

    sql_flush._keeps_audit_triggers = True
    DatabaseOperations.sql_flush = sql_flush


_flush_past_the_audit_triggers()


@pytest.fixture
def regisseur(db):
    return make_user(
        Role.PROCESS_DIRECTOR, OrganisationKind.SAFETY_HOUSE, "regisseur", "Test veiligheidshuis"
    )


@pytest.fixture
def politie(db):
    return make_user(Role.PROFESSIONAL, OrganisationKind.POLICE, "politie", "Test police")


@pytest.fixture
def reclassering(db):
    return make_user(Role.PROFESSIONAL, OrganisationKind.PROBATION, "reclassering")


@pytest.fixture
def wijkteam(db):
    return make_user(Role.PROFESSIONAL, OrganisationKind.DISTRICT_TEAM, "wijkteam")


@pytest.fixture
def corporatie(db):
    return make_user(Role.PROFESSIONAL, OrganisationKind.HOUSING, "corporatie")


@pytest.fixture
def auditor(db):
    return make_user(Role.AUDITOR, OrganisationKind.SAFETY_HOUSE, "auditor", "Test veiligheidshuis")


@pytest.fixture
def analist(db):
    return make_user(Role.ANALYST, OrganisationKind.MUNICIPALITY, "analist")


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session")
def _shared_demo(django_db_setup, django_db_blocker):
    shared = SharedDemo.active = SharedDemo(django_db_blocker)
    yield shared
    shared.unload()
    SharedDemo.active = None


@pytest.fixture
def _demo_loaded(_shared_demo):
    return _shared_demo.load()


@pytest.fixture
def demo(_demo_loaded, db):
    """The demo data (seed 2026), loaded once per session; the test runs in a savepoint inside it
    (`db`, set up after the load), so what it writes is rolled back. Gives the command's output."""
    return _demo_loaded


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in fixtures or "live_server" in fixtures
    )


def pytest_collection_modifyitems(items):
    """The tests that use the demo data first (in their own order), so a worker loads it once;
    transactional tests last of all, also after the tests without a database of their own: their
    flush empties the configuration and the shared demo, so under `--dist loadfile` a worker must
    get no other module after one (tests/architecture/test_transactional_modules.py keeps them in
    modules of their own)."""
    items.sort(
        key=lambda item: (_transactional(item), "demo" not in getattr(item, "fixturenames", ()))
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """A test without the demo data starts from the empty database: roll the demo data back."""
    if SharedDemo.active is not None and "demo" not in getattr(item, "fixturenames", ()):
        SharedDemo.active.unload()
