"""The advice channel (issue 11, seed 002 "informeel en laagdrempelig"): a partner asks the
Veiligheidshuis, the house answers within its term, the asker turns question and answer into a
signal in one step; overdue questions remind the house; persons named stay as typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.advice.models import AdviceQuestion
from schakel.advice.services import answer_advice, ask_advice
from schakel.intake.models import SignalCategory
from schakel.notifications.kinds import NotificationKind
from schakel.notifications.models import Notification
from schakel.notifications.services import send_reminders
from schakel.registry.models import Person, ReportedSubject
from schakel.work.registry import SOURCES
from tests.access.test_matrix import USERS
from tests.factories import OrganisationFactory, PersonFactory, make_user

pytestmark = pytest.mark.django_db


def _house():
    return OrganisationFactory(name="Test veiligheidshuis", kind="veiligheidshuis")


def test_ask_answer_and_turn_into_a_signal_in_one_step(client_for, wijkteam, regisseur, settings):
    settings.SCHAKEL_ADVICE_ANSWER_DAYS = 3
    known = PersonFactory(bsn="111222333")
    client = client_for(wijkteam)
    response = client.post(
        reverse("advice:ask"),
        {
            "question": "Buurvrouw lijkt bedreigd te worden, wat kunnen we doen?",
            "data_category": "general",
            "safety_house": regisseur.organisation.pk,
            "person-given_names": "Anna",
            "person-surname": "Jansen",
            "person-bsn": known.bsn,
        },
    )
    question = AdviceQuestion.objects.get()
    assert response.status_code == 302
    assert question.due == timezone.localdate() + datetime.timedelta(days=3)
    # As typed, never matched against the registry for the asker.
    statement = question.reported_subjects.get()
    assert statement.person_id is None and statement.decision == ReportedSubject.Decision.PENDING
    page = client.get(reverse("advice:detail", args=[question.pk])).content.decode()
    assert "Anna" in page and "•••••2333" in page and known.bsn not in page
    # The Veiligheidshuis is told, and answers.
    assert Notification.objects.filter(
        recipient=regisseur, kind=NotificationKind.ADVICE_ASKED
    ).exists()
    house = client_for(regisseur)
    assert house.get(reverse("advice:list")).status_code == 200
    response = house.post(
        reverse("advice:detail", args=[question.pk]), {"answer": "Meld het als signaal."}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Meld het als signaal." and not question.is_open
    assert Notification.objects.filter(
        recipient=wijkteam, kind=NotificationKind.ADVICE_ANSWERED
    ).exists()
    # One step into a signal, through intake: the persons go along as typed.
    client = client_for(wijkteam)
    category = SignalCategory.objects.order_by("pk").first()
    response = client.post(
        reverse("advice:to_signal", args=[question.pk]),
        {"category": category.pk, "urgency": "normal"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    signal = question.signal
    assert signal.reporting_organisation == wijkteam.organisation
    assert signal.receiving_organisation == regisseur.organisation
    assert "bedreigd" in signal.description and "Meld het als signaal." in signal.description
    assert list(signal.reported_subjects.all()) == [statement]
    assert not signal.persons.exists()
    assert Person.objects.count() == 1  # nobody registered by the advice channel
    # Only once.
    again = client.post(reverse("advice:to_signal", args=[question.pk]), {"category": category.pk})
    assert again.status_code == 400


def test_the_asker_cannot_turn_an_open_question_into_a_signal(client_for, wijkteam, regisseur):
    question = ask_advice(by=wijkteam, safety_house=regisseur.organisation, question="Vraag")
    category = SignalCategory.objects.order_by("pk").first()
    response = client_for(wijkteam).post(
        reverse("advice:to_signal", args=[question.pk]), {"category": category.pk}
    )
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.signal is None


def test_an_overdue_question_reminds_the_safety_house_once(wijkteam, regisseur):
    question = ask_advice(by=wijkteam, safety_house=regisseur.organisation, question="Vraag")
    Notification.objects.all().delete()
    send_reminders(question.due)
    assert not Notification.objects.filter(kind=NotificationKind.ADVICE_OVERDUE).exists()
    send_reminders(question.due + datetime.timedelta(days=1))
    send_reminders(question.due + datetime.timedelta(days=2))
    overdue = Notification.objects.filter(kind=NotificationKind.ADVICE_OVERDUE)
    assert [n.recipient for n in overdue] == [regisseur]
    answer_advice(question, by=regisseur, answer="Antwoord")
    send_reminders(question.due + datetime.timedelta(days=3))
    assert overdue.count() == 1


def test_open_questions_are_work_of_the_safety_house(wijkteam, regisseur):
    question = ask_advice(by=wijkteam, safety_house=regisseur.organisation, question="Vraag")
    items = list(SOURCES["advice"].mine(regisseur))
    assert [(i.kind, i.object_id, i.due) for i in items] == [("advice", question.pk, question.due)]
    assert "Vraag" not in items[0].title
    assert list(SOURCES["advice"].mine(wijkteam)) == []
    answer_advice(question, by=regisseur, answer="Antwoord")
    assert list(SOURCES["advice"].mine(regisseur)) == []


# Access: every role × (list, detail, answer, turn into signal) for a wijkteam's question to the
# house. 404: not seen at all; 403: no case work at all, or seen but not allowed to act.
DETAIL = {"regisseur": 200, "wijkteam": 200}
LIST = {"analist": 403, "beheerder": 403, "auditor": 403}
ANSWER = {"regisseur": 302, "wijkteam": 400}
TO_SIGNAL = {"wijkteam": 302, "regisseur": 400}
ASK = {"regisseur": 403, "analist": 403, "beheerder": 403, "auditor": 403}


@pytest.fixture
def world(db):
    house = _house()
    users = {
        name: make_user(
            role,
            kind,
            username=name,
            org_name="Test veiligheidshuis" if kind == "veiligheidshuis" else None,
        )
        for name, (role, kind) in USERS.items()
    }
    return house, users


@pytest.mark.parametrize("name", list(USERS))
def test_access_matrix_over_every_role(client, world, name):
    house, users = world
    user = users[name]
    client.force_login(user)
    open_question = ask_advice(by=users["wijkteam"], safety_house=house, question="Open vraag")
    answered = ask_advice(by=users["wijkteam"], safety_house=house, question="Beantwoord")
    answer_advice(answered, by=users["regisseur"], answer="Antwoord")
    blocked = 403 if name in LIST else 404

    listing = client.get(reverse("advice:list"))
    assert listing.status_code == LIST.get(name, 200)
    link = reverse("advice:detail", args=[open_question.pk])
    shown = listing.status_code == 200 and f'href="{link}"' in listing.content.decode()
    assert shown == (name in DETAIL)

    detail = client.get(reverse("advice:detail", args=[open_question.pk]))
    assert detail.status_code == DETAIL.get(name, blocked)

    answer = client.post(reverse("advice:detail", args=[open_question.pk]), {"answer": "x"})
    assert answer.status_code == ANSWER.get(name, blocked)
    open_question.refresh_from_db()
    assert open_question.is_open == (name != "regisseur")

    category = SignalCategory.objects.order_by("pk").first()
    made = client.post(reverse("advice:to_signal", args=[answered.pk]), {"category": category.pk})
    assert made.status_code == TO_SIGNAL.get(name, blocked)
    answered.refresh_from_db()
    assert (answered.signal_id is not None) == (name == "wijkteam")

    ask = client.get(reverse("advice:ask"))
    assert ask.status_code == ASK.get(name, 200)


def test_a_care_question_is_not_shown_to_those_without_the_care_category(world):
    house, users = world
    from schakel.access import policy

    asker = users["wijkteam"]
    if not policy.may_read_category(asker, "care"):
        pytest.skip("the wijkteam has no care grant in this configuration")
    question = ask_advice(by=asker, safety_house=house, question="Zorg", data_category="care")
    for name, user in users.items():
        visible = AdviceQuestion.objects.visible_to(user).filter(pk=question.pk).exists()
        assert visible == (name in DETAIL and policy.may_read_category(user, "care")), name


def test_showing_a_question_audits_it_and_each_statement(client_for, wijkteam, regisseur):
    from schakel.audit.models import AuditAction, AuditEntry
    from schakel.registry.services import record_statement

    statement = record_statement(by=wijkteam, person={"surname": "Jansen"}, address=None)
    question = ask_advice(
        by=wijkteam,
        safety_house=regisseur.organisation,
        question="Vraag",
        reported_subjects=[statement],
    )
    client_for(regisseur).get(reverse("advice:detail", args=[question.pk]))
    shown = AuditEntry.objects.filter(username=regisseur.username, action=AuditAction.VIEW)
    assert {(e.object_type, e.object_id) for e in shown} >= {
        ("advice.advicequestion", str(question.pk)),
        ("registry.reportedsubject", str(statement.pk)),
    }


def test_every_question_can_be_reached_through_the_pages(client_for, regisseur, wijkteam):
    """Review finding: the list stopped at 200 questions, without pages."""
    for n in range(55):
        AdviceQuestion.objects.create(
            organisation=wijkteam.organisation,
            asked_by=wijkteam,
            safety_house=regisseur.organisation,
            question=f"Vraag {n}",
            due=timezone.localdate(),
        )
    client = client_for(wijkteam)
    first = client.get(reverse("advice:list"))
    assert len(first.context["questions"]) == 50
    assert first.context["page"].has_next()
    second = client.get(reverse("advice:list"), {"page": 2})
    assert len(second.context["questions"]) == 5
