"""Letters from the catalogue's templates: filled from the case, downloaded as ODT or PDF for the
partner's own sending, optionally kept with the case; only for those who report on the
intervention, and the addressee's name is audited."""

import io
import zipfile

import pytest
from django.urls import reverse

from schakel.audit.models import AuditEntry
from schakel.documents import letters
from schakel.documents.models import Document, LetterTemplate
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.plans.models import InterventionType
from tests.factories import (
    AddressFactory,
    CaseFactory,
    InterventionFactory,
    PersonFactory,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closure(regisseur):
    gemeente = make_user(Role.PROFESSIONAL, K.MUNICIPALITY, "handhaving", "Gemeente Lindewaard")
    person = PersonFactory(given_names="Piet", surname="Verzonnen")
    case = CaseFactory(
        host_organisation=regisseur.organisation, coordinator=regisseur, persons=[person],
        participants=[gemeente.organisation],
    )  # fmt: skip
    case.addresses.add(AddressFactory(postcode="9991AB", house_number=12, street="Lindelaan"))
    kind = InterventionType.objects.get(name="Sluiting pand (art. 13b Opiumwet)")
    intervention = InterventionFactory(
        plan__case=case, type=kind, owner_organisation=gemeente.organisation
    )
    return gemeente, intervention, person


def test_the_catalogue_has_a_warning_letter_for_a_13b_closure():
    template = LetterTemplate.objects.get(intervention_type__name__contains="13b")
    assert "{adres}" in template.body and "{rechtsgrond}" in template.body


def test_the_owner_previews_and_downloads_the_letter_filled_from_the_case(closure, client_for):
    gemeente, intervention, person = closure
    client = client_for(gemeente)
    url = reverse("documents:letter", args=[intervention.pk])
    page = client.get(url).content.decode()
    assert "Lindelaan 12" in page and "Piet Verzonnen" in page and "Art. 13b Opiumwet" in page
    assert "{adres}" not in page
    assert AuditEntry.objects.filter(action="view", person_id_ref=person.pk).exists()
    template = LetterTemplate.objects.get(intervention_type=intervention.type)
    odt = client.post(url, {"template": template.pk, "format": "odt"})
    assert odt.status_code == 200
    assert odt["Content-Type"] == letters.ODT_MIMETYPE
    with zipfile.ZipFile(io.BytesIO(odt.content)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == letters.ODT_MIMETYPE.encode()
        assert "Lindelaan 12" in archive.read("content.xml").decode()
    pdf = client.post(url, {"template": template.pk, "format": "pdf", "keep": "on"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="export", person_id_ref=person.pk).count() == 2
    kept = Document.objects.get()
    assert kept.case == intervention.plan.case and kept.content_type == "application/pdf"
    assert kept.data_category == intervention.type.category


def test_a_placeholder_the_case_cannot_fill_stays_visible():
    assert letters.fill("Aan {geadresseerde} te {adres}", {"adres": "Lindelaan 12"}) == (
        "Aan [geadresseerde] te Lindelaan 12"
    )
    assert letters.fill("Een {kapotte accolade", {}) == "Een {kapotte accolade"


def test_only_those_who_report_on_the_intervention_draw_up_its_letter(closure, client_for, politie):
    _gemeente, intervention, _person = closure
    url = reverse("documents:letter", args=[intervention.pk])
    assert client_for(politie).get(url).status_code == 404  # not on the case: not revealed
