"""The reason per pair in clerical review (issue 14): a run keeps, with each pair, the level each
comparison fell in and its weight; the review page reads them out; nothing under the upper
threshold is linked without a person deciding."""

import datetime
import random

import pytest
from django.urls import reverse

from schakel.linkage import reasons, services
from schakel.linkage.models import CandidatePair, PersonLink
from schakel.registry.models import Address, Person
from tests.analytics.households import extract, registry

LOWER, UPPER = 0.001, 0.95


def _register(frame) -> None:
    """Put a generated partner extract into the registry, one person record per row; a BSN
    the registry already holds is left out (it is unique there: duplicates come without)."""
    known = set(Person.objects.exclude(bsn="").values_list("bsn", flat=True))
    for row in frame.itertuples():
        address, _ = Address.objects.get_or_create(
            postcode=row.postcode,
            house_number=int(row.house_number),
            defaults={"street": row.street, "city": row.city},
        )
        Person.objects.create(
            given_names=row.given_name,
            surname=row.surname,
            date_of_birth=datetime.date.fromisoformat(row.date_of_birth),
            bsn="" if row.bsn in known else row.bsn,
            address=address,
        )


@pytest.fixture
def twins(db):
    """A twin brother and sister: same surname, home and date of birth, no BSN on record."""
    home = Address.objects.create(
        postcode="9999ZZ", house_number=7, street="Molenlaan", city="Lindewaard"
    )
    born = datetime.date(2012, 3, 4)
    return [
        Person.objects.create(
            given_names=given,
            surname_prefix="de",
            surname="Vries",
            date_of_birth=born,
            address=home,
        )
        for given in ("Bram", "Lotte")
    ]


@pytest.fixture
def explained_run(regisseur, twins):
    """A registry run over two generated partner extracts of 30 households, and the twins."""
    rng = random.Random(14)
    persons = registry(30, rng)
    _register(extract(persons, 0.7, rng, messy=False))
    _register(extract(persons, 0.7, rng, messy=True))
    return services.start_registry_run(
        by=regisseur, lower_threshold=LOWER, upper_threshold=UPPER, link_above_upper=True
    )


def _twin_pair(twins) -> CandidatePair:
    return CandidatePair.objects.get(left=twins[0], right=twins[1])


def test_a_run_keeps_the_reason_with_every_pair(explained_run):
    pairs = list(explained_run.pairs.all())
    assert len(pairs) > 50
    for pair in pairs:
        weights = [c["weight"] for c in pair.reasons["comparisons"]]
        assert {c["comparison"] for c in pair.reasons["comparisons"]} == {
            "name",
            "date_of_birth",
            "national_id",
            "address",
        }
        # The parts add up to the pair's weight, and that weight is its probability.
        total = pair.reasons["prior"] + sum(weights)
        assert total == pytest.approx(pair.reasons["match_weight"], abs=0.05)
        odds = 2.0 ** pair.reasons["match_weight"]
        assert odds / (1 + odds) == pytest.approx(pair.probability, abs=0.005)


def test_twins_are_kept_apart_by_their_given_names(explained_run, twins):
    pair = _twin_pair(twins)
    name = next(c for c in pair.reasons["comparisons"] if c["comparison"] == "name")
    assert name["level"] == "Same surname, another given name"
    assert name["weight"] <= -reasons.STRONG
    assert pair.probability < UPPER and pair.status == CandidatePair.Status.PENDING


def test_the_review_page_says_why_in_words(client_for, regisseur, explained_run, twins):
    pair = _twin_pair(twins)
    response = client_for(regisseur).get(reverse("linkage:pair", args=[pair.pk]))
    assert response.status_code == 200
    rows = {row["key"]: row for row in response.context["reasons"]}
    assert str(rows["name"]["outcome"]) == "surname alike, given name differs beyond a typo"
    assert rows["name"]["strength"] == "strongly against"
    assert rows["date_of_birth"]["direction"] == "for"
    # the home they share says nothing here: a household shares its home
    assert rows["address"]["direction"] == "neutral"
    assert str(rows["address"]["outcome"]).startswith("same home, but a household member")
    # the strongest evidence against comes first, and the page reads it out
    assert response.context["reasons"][0]["key"] == "name"
    page = response.content.decode()
    assert 'id="reason-table"' in page
    assert "surname alike, given name differs beyond a typo" in page
    assert "strongly against" in page


def test_the_queue_says_what_counts_most_against_each_pair(
    client_for, regisseur, explained_run, twins
):
    response = client_for(regisseur).get(reverse("linkage:queue"), {"page": 1})
    pending = list(response.context["page"])
    assert pending and all(hasattr(pair, "doubt") for pair in pending)
    with_doubt = [pair for pair in pending if pair.doubt]
    assert with_doubt and all(pair.doubt["direction"] == "against" for pair in with_doubt)
    assert "Strongest against" in response.content.decode()


def test_nothing_below_the_upper_threshold_is_linked_automatically(explained_run):
    pairs = list(explained_run.pairs.all())
    assert any(p.probability < UPPER for p in pairs) and any(p.probability >= UPPER for p in pairs)
    for pair in pairs:
        linked = pair.status == CandidatePair.Status.LINKED
        assert linked == (pair.probability >= UPPER), pair.probability
    links = set(PersonLink.objects.values_list("pair_id", flat=True))
    assert links == {p.pk for p in pairs if p.probability >= UPPER}


def test_a_pair_just_under_the_upper_threshold_waits_for_a_person(regisseur, twins):
    run = services.save_run(
        by=regisseur,
        mode="dedupe",
        pairs=[(twins[0].pk, twins[1].pk, UPPER - 1e-9, {})],
        record_count=2,
        lower_threshold=0.5,
        upper_threshold=UPPER,
        link_above_upper=True,
        parameters={},
    )
    assert (run.linked_count, run.review_count) == (0, 1)
    assert run.pairs.get().is_pending
    assert not PersonLink.objects.exists()


def test_two_different_valid_bsns_read_as_strongly_against():
    rows = reasons.explain(
        {
            "prior": -9.3,
            "match_weight": -2.0,
            "comparisons": [
                {"comparison": "name", "level": "Equal", "weight": 8.7},
                {"comparison": "national_id", "level": "Two different valid BSNs", "weight": -23.1},
                {"comparison": "address", "level": "Same street", "weight": 2.0},
                {"comparison": "sex", "level": "Missing", "weight": 0.0},
            ],
        }
    )
    assert [(r["key"], str(r["outcome"]), r["strength"]) for r in rows] == [
        ("national_id", "both valid and different", "strongly against"),
        ("sex", "missing in one of the records", "hardly matters"),
        ("address", "same street or postcode", "for"),
        ("name", "equal", "strongly for"),
    ]


def test_a_pair_from_an_older_run_says_it_has_no_reasons(client_for, regisseur, pending_pair):
    response = client_for(regisseur).get(reverse("linkage:pair", args=[pending_pair.pk]))
    assert response.context["reasons"] == []
    assert "did not keep its reasons yet" in response.content.decode()
