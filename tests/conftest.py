"""Shared fixtures: users per role, a default configuration after flushes, the test client."""

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from schakel.organisations.models import OrganisationKind, Role
from tests.factories import make_user


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
    ):
        migration = importlib.import_module(module)
        for operation in migration.Migration.operations:
            operation.code(django_apps, None)


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
