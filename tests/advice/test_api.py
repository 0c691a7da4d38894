"""The advice channel through the REST API, under the rules of its pages (issue 11: "the same
through the REST API"): ask (persons as typed), read, answer, turn into a signal; every role."""

import pytest
from rest_framework.test import APIClient

from schakel.advice.models import AdviceQuestion
from schakel.advice.services import answer_advice, ask_advice
from schakel.audit.models import AuditAction, AuditEntry
from schakel.intake.models import Signal, SignalCategory
from schakel.registry.models import Person
from tests.access.test_matrix import USERS
from tests.advice.test_advice import world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

URL = "/api/v1/advice-questions"  # no trailing slash (API-48)
BSN = "111222333"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_ask_read_answer_and_turn_into_a_signal(world):  # noqa: F811
    house, users = world
    wijkteam, regisseur = api(users["wijkteam"]), api(users["regisseur"])
    persons_before = Person.objects.count()
    asked = wijkteam.post(
        URL,
        {
            "safety_house": house.pk,
            "question": "Zoon (17) heeft ineens dure spullen; iets voor jullie?",
            "persons_named": [
                {"given_names": "Jayden", "surname": "Verbeek", "bsn": BSN},
            ],
        },
        format="json",
    )
    assert asked.status_code == 201, asked.content
    body = asked.json()
    assert body["persons_named"][0]["surname"] == "Verbeek"
    assert BSN not in asked.content.decode()  # read back masked
    assert body["answered_at"] is None and body["due"]
    assert Person.objects.count() == persons_before  # nobody looked up or made

    listed = regisseur.get(URL).json()["results"]
    assert [q["id"] for q in listed] == [body["id"]]
    shown = AuditEntry.objects.filter(username="regisseur", action=AuditAction.LIST)
    assert {e.object_type for e in shown} >= {"advice.advicequestion", "registry.reportedsubject"}

    answered = regisseur.post(f"{URL}/{body['id']}/answer", {"answer": "Meld het als signaal."})
    assert answered.status_code == 200 and answered.json()["answer"] == "Meld het als signaal."
    again = regisseur.post(f"{URL}/{body['id']}/answer", {"answer": "Nog eens"})
    assert again.status_code == 400
    assert "al beantwoord" in again.content.decode() or "already" in again.content.decode()

    category = SignalCategory.objects.order_by("pk").first()
    made = wijkteam.post(f"{URL}/{body['id']}/signal", {"category": category.pk})
    assert made.status_code == 201, made.content
    signal = Signal.objects.get(pk=made.json()["signal"])
    assert signal.reported_by == users["wijkteam"] and signal.receiving_organisation == house
    assert signal.reported_subjects.get().surname == "Verbeek"
    assert wijkteam.get(f"{URL}/{body['id']}").json()["signal"] == signal.pk


HOUSE = "the house"


@pytest.mark.parametrize(
    "data",
    [
        {"question": "Zonder huis"},
        {"safety_house": "huis", "question": "x"},
        {"safety_house": HOUSE, "question": "   "},
        {"safety_house": HOUSE, "question": "x", "persons_named": [{"surname": "Alleen"}]},
        {
            "safety_house": HOUSE,
            "question": "x",
            "persons_named": [{"given_names": "A", "surname": "B", "bsn": "123456789"}],
        },
    ],
)
def test_bad_questions_are_refused_with_a_reason_and_nothing_kept(world, data):  # noqa: F811
    house, users = world
    data = {key: house.pk if value == HOUSE else value for key, value in data.items()}
    response = api(users["wijkteam"]).post(URL, data, format="json")
    assert response.status_code == 400, response.content
    assert response.json()
    assert not AdviceQuestion.objects.exists()


def test_a_question_goes_to_a_veiligheidshuis_only(world):  # noqa: F811
    _house, users = world
    response = api(users["wijkteam"]).post(
        URL, {"safety_house": users["politie"].organisation.pk, "question": "x"}, format="json"
    )
    assert response.status_code == 400
    assert not AdviceQuestion.objects.exists()


# every role × a wijkteam's question to the house: list / detail / answer / turn into a signal /
# ask. 404: not seen; 403: seen (or not) but not allowed to act.
SEES = {"regisseur", "wijkteam"}
ANSWERS = {"regisseur"}
TURNS = {"wijkteam"}
ASKS = {"politie", "reclassering", "wijkteam", "corporatie", "belasting", "coordinator"}


@pytest.mark.parametrize("name", list(USERS))
def test_access_matrix_over_every_role(world, name):  # noqa: F811
    house, users = world
    client = api(users[name])
    open_question = ask_advice(by=users["wijkteam"], safety_house=house, question="Open vraag")
    answered = ask_advice(by=users["wijkteam"], safety_house=house, question="Beantwoord")
    answer_advice(answered, by=users["regisseur"], answer="Antwoord")

    listing = client.get(URL)
    assert listing.status_code == 200
    ids = {q["id"] for q in listing.json()["results"]}
    assert ids == ({open_question.pk, answered.pk} if name in SEES else set())
    detail = client.get(f"{URL}/{open_question.pk}")
    assert detail.status_code == (200 if name in SEES else 404)

    answer = client.post(f"{URL}/{open_question.pk}/answer", {"answer": "x"})
    assert answer.status_code == (200 if name in ANSWERS else 403 if name in SEES else 404)
    open_question.refresh_from_db()
    assert open_question.is_open == (name not in ANSWERS)

    category = SignalCategory.objects.order_by("pk").first()
    made = client.post(f"{URL}/{answered.pk}/signal", {"category": category.pk})
    assert made.status_code == (201 if name in TURNS else 403 if name in SEES else 404)
    answered.refresh_from_db()
    assert (answered.signal_id is not None) == (name in TURNS)

    ask = client.post(URL, {"safety_house": house.pk, "question": "Nieuwe vraag"})
    assert ask.status_code == (201 if name in ASKS else 403), name
    assert AdviceQuestion.objects.filter(question="Nieuwe vraag").exists() == (name in ASKS)


def test_the_schema_documents_the_advice_api(client):
    schema = client.get("/api/v1/schema").content.decode()
    for path in ("/advice-questions", "/answer", "/signal"):
        assert path in schema
