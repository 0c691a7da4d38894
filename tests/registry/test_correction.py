"""Correcting a person's data: by the Veiligheidshuis, with a reason, old and new in the log."""

import datetime

import pytest
from django.urls import reverse

from schakel.audit.models import AuditAction, AuditEntry, Purpose
from schakel.cases.workflow import CaseStatus
from schakel.registry.models import Person
from tests.factories import VALID_BSNS, CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(politie):
    person = PersonFactory(
        given_names="Jan",
        surname="Jansenn",
        bsn=VALID_BSNS[0],
        date_of_birth=datetime.date(1990, 1, 1),
    )
    CaseFactory(status=CaseStatus.EXECUTION, persons=[person], participants=[politie.organisation])
    return person


def _form(person, **changes) -> dict:
    data = {
        "bsn": person.bsn,
        "given_names": person.given_names,
        "surname_prefix": person.surname_prefix,
        "surname": person.surname,
        "date_of_birth": person.date_of_birth.isoformat(),
        "postcode": person.address.postcode,
        "house_number": person.address.house_number,
        "house_number_addition": "",
        "street": person.address.street,
        "city": person.address.city,
        "reason": "",
    }
    return data | changes


def test_the_regisseur_corrects_a_person_and_the_log_keeps_old_and_new(
    client_for, regisseur, person
):
    url = reverse("registry:correct", args=[person.pk])
    assert client_for(regisseur).get(url).status_code == 200

    response = client_for(regisseur).post(
        url,
        _form(
            person,
            surname="Jansen",
            bsn=VALID_BSNS[1],
            date_of_birth="1991-02-03",
            reason="Tikfout; gecontroleerd in de BRP",
        ),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.surname, person.bsn) == ("Jansen", VALID_BSNS[1])
    assert person.date_of_birth == datetime.date(1991, 2, 3)
    entries = AuditEntry.objects.filter(
        person_id_ref=person.pk, purpose=Purpose.CORRECTION, action=AuditAction.CHANGE
    )
    details = " | ".join(entries.values_list("detail", flat=True))
    assert "reden: Tikfout; gecontroleerd in de BRP" in details
    assert "correctie surname: 'Jansenn' -> 'Jansen'" in details
    assert f"correctie bsn: '{VALID_BSNS[0]}' -> '{VALID_BSNS[1]}'" in details
    assert "correctie date_of_birth: '1990-01-01' -> '1991-02-03'" in details
    assert all(e.user_id_ref == regisseur.pk for e in entries)


def test_the_privacy_officer_sees_the_correction(client_for, regisseur, auditor, person):
    client_for(regisseur).post(
        reverse("registry:correct", args=[person.pk]),
        _form(person, surname="Jansen", reason="BRP"),
    )
    page = client_for(auditor).get(reverse("privacy:person", args=[person.pk])).content.decode()
    assert "correctie surname: &#x27;Jansenn&#x27; -&gt; &#x27;Jansen&#x27;" in page


def test_a_reason_is_required(client_for, regisseur, person):
    response = client_for(regisseur).post(
        reverse("registry:correct", args=[person.pk]), _form(person, surname="Jansen")
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=person.pk).surname == "Jansenn"


def test_the_bsn_still_passes_the_eleven_test(client_for, regisseur, person):
    response = client_for(regisseur).post(
        reverse("registry:correct", args=[person.pk]),
        _form(person, bsn="123456789", reason="BRP"),
    )
    assert response.status_code == 400
    assert Person.objects.get(pk=person.pk).bsn == VALID_BSNS[0]
    assert not AuditEntry.objects.filter(
        purpose=Purpose.CORRECTION, action=AuditAction.CHANGE
    ).exists()


def test_an_address_correction_points_to_the_right_premises(client_for, regisseur, person):
    old_address = person.address_id
    client_for(regisseur).post(
        reverse("registry:correct", args=[person.pk]),
        _form(person, postcode="1234 ab", house_number=7, reason="verhuisd volgens BRP"),
    )
    person.refresh_from_db()
    assert person.address_id != old_address
    assert (person.address.postcode, person.address.house_number) == ("1234AB", 7)
    detail = AuditEntry.objects.filter(detail__startswith="correctie address").get().detail
    assert "1234AB 7" in detail


def test_a_partner_who_sees_the_person_cannot_correct(client_for, politie, person):
    client = client_for(politie)
    assert client.get(reverse("registry:detail", args=[person.pk])).status_code == 200
    url = reverse("registry:correct", args=[person.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _form(person, surname="Anders", reason="x")).status_code == 403
    assert Person.objects.get(pk=person.pk).surname == "Jansenn"


def test_the_regisseur_cannot_correct_a_person_outside_their_view(client_for, regisseur):
    stranger = PersonFactory()
    url = reverse("registry:correct", args=[stranger.pk])
    assert client_for(regisseur).get(url).status_code == 404
