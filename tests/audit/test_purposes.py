"""Every purpose in the log is named once, in `Purpose`; stored purposes never change."""

import pytest
from django.utils import translation

from schakel.audit.chain import CHAINED_FIELDS, compute_hash, verify_chain
from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.audit.services import record, record_persons, record_status_change

pytestmark = pytest.mark.django_db

# The purposes the log held before they became an enum. Entries are hash-chained over these
# texts, so each must stay a value of `Purpose`, spelled exactly like this.
STORED_PURPOSES = {
    "casusbehandeling",
    "casusregie",
    "casus openen",
    "melding signaal",
    "registratie signaal",
    "triage en casusbehandeling",
    "zoeken persoon",
    "casusoverleg",
    "koppelen van persoonsgegevens",
    "vraag: al bekend in een casus?",
    "gebiedsgerichte analyse",
    "gebiedsaanpak",
    "gebiedsaanpak quickscan",
    "gebiedsaanpak eigenaren",
    "integrale controle",
    "kroniek",
    "melding bewoner",
    "persoonsgerichte aanpak",
    "selectie doelgroeplijst (commando)",
    "import justitiële registraties",
    "authenticatie",
    "toezicht op de verwerking",
    "inzageverzoek betrokkene",
    "verwijderen demogegevens",
    "beheer gebruikers en rechten",
    "vaststellen betrokkene",
    "vernietiging na bewaartermijn",
    "correctie persoonsgegevens",
}


def test_every_purpose_ever_stored_is_still_a_purpose():
    assert STORED_PURPOSES - set(Purpose.values) == set()


def test_purposes_read_in_dutch_as_they_are_stored():
    with translation.override("nl"):
        assert {str(p.label) for p in Purpose} == set(Purpose.values)


def test_an_entry_stores_and_hashes_the_dutch_text_of_its_purpose(regisseur):
    entry = record(regisseur, AuditAction.VIEW, purpose=Purpose.CASE_DIRECTION)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert stored.purpose == "casusregie" and type(stored.purpose) is str
    fields = {name: getattr(stored, name) for name in CHAINED_FIELDS}
    assert compute_hash(stored.previous_hash, fields | {"purpose": "casusregie"}) == (
        stored.entry_hash
    )
    assert verify_chain(AuditEntry.objects.order_by("id")) == []


def test_the_default_purpose_is_case_handling(regisseur):
    assert record(regisseur, AuditAction.VIEW).purpose == "casusbehandeling"


def test_a_purpose_that_is_not_named_is_refused(regisseur):
    before = AuditEntry.objects.count()
    with pytest.raises(TypeError):
        record(regisseur, AuditAction.VIEW, purpose="casusbehandeling")
    with pytest.raises(TypeError):
        record_persons(regisseur, AuditAction.LIST, [regisseur], purpose="nieuwsgierigheid")
    assert AuditEntry.objects.count() == before


def test_a_status_change_is_logged_from_and_to(regisseur):
    entry = record_status_change(regisseur, regisseur, "planned", "done")
    assert entry.action == AuditAction.CHANGE
    assert entry.detail == "status planned->done"
    assert entry.object_type == "organisations.user" and entry.object_id == str(regisseur.pk)
    with_context = record_status_change(
        regisseur, regisseur, "open", "done", context="casus 3", purpose=Purpose.AREA_APPROACH
    )
    assert with_context.detail == "casus 3 status open->done"
    assert with_context.purpose == "gebiedsaanpak"
