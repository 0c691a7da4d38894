"""Clerical review in a real browser: a process director opens the review queue, sees where two
records differ, accepts the pair, sees one identity with both records intact, undoes the decision
and asks "already known?" — whose answer names only the organisation to contact.

Elements are found by id, class and data attributes (stable across languages).
"""

import datetime
import re

import pytest

from schakel.linkage import services
from schakel.linkage.models import CandidatePair, LinkageRun
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from tests.browser.conftest import log_in
from tests.factories import AddressFactory, CaseFactory, PersonFactory, make_user

pytestmark = pytest.mark.browser


def test_process_director_reviews_a_pair_and_undoes_it(page):
    regisseur = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur", "Veiligheidshuis")
    reclassering = make_user(Role.PROFESSIONAL, K.PROBATION, "reclassering", "Reclassering")
    home = AddressFactory(street="Dorpsstraat", house_number=12, postcode="9991AB")
    original = PersonFactory(
        given_names="Fatima",
        surname="El Amrani",
        bsn="123456782",
        date_of_birth=datetime.date(1975, 11, 30),
        address=home,
    )
    variant = PersonFactory(
        given_names="Fatima",
        surname="El Amrany",
        bsn="",
        date_of_birth=datetime.date(1975, 11, 30),
        address=home,
    )
    case = CaseFactory(
        persons=[original],
        host_organisation=regisseur.organisation,
        lead_organisation=reclassering.organisation,
        coordinator=regisseur,
    )
    run = services.save_run(
        by=regisseur,
        mode=LinkageRun.Mode.DEDUPE,
        pairs=[(original.pk, variant.pk, 0.83)],
        record_count=2,
        lower_threshold=0.5,
        upper_threshold=0.95,
        link_above_upper=True,
        parameters={"source": "registry"},
    )
    pair = CandidatePair.objects.get(run=run)

    # 1. The review queue, reached from the linkage page, lists the pair.
    log_in(page, "regisseur")
    page.goto("/koppelen/")
    assert page.locator("#pending-count").inner_text() == "1"
    page.locator("#queue-link").click()
    page.wait_for_url("**/koppelen/beoordelen/")
    page.locator(f"#pending-pairs a[href$='/paren/{pair.pk}/']").click()
    page.wait_for_url(f"**/koppelen/paren/{pair.pk}/")

    # 2. Side by side: the differing fields are highlighted, the equal ones are not.
    side = page.locator("#side-by-side")
    for field in ("surname", "bsn"):
        assert "is-different" in side.locator(f"tr[data-field={field}]").get_attribute("class")
        assert side.locator(f"tr[data-field={field}] mark").count() == 2
    for field in ("given_names", "date_of_birth", "postcode"):
        assert side.locator(f"tr[data-field={field}].is-different").count() == 0
    assert page.locator("#probability").inner_text() in ("0,830", "0.830")

    # 3. Accept: the two records are one person.
    page.locator("#accept").click()
    page.wait_for_url("**/koppelen/beoordelen/")
    assert page.locator("#pending-pairs a[href*='/paren/']").count() == 0
    page.locator(f"#decided-pairs a[href$='/paren/{pair.pk}/']").click()
    page.wait_for_url(f"**/koppelen/paren/{pair.pk}/")
    page.locator(f"#side-by-side a[href$='/identiteit/{variant.pk}/']").click()
    page.wait_for_url(f"**/koppelen/identiteit/{variant.pk}/")

    # 4. One identity, both source records intact (each its own row, its own name and BSN).
    rows = page.locator("#identity-records tbody tr")
    assert rows.count() == 2
    records = {rows.nth(i).locator("td").first.inner_text(): rows.nth(i) for i in range(2)}
    assert set(records) == {str(original.pk), str(variant.pk)}
    assert "El Amrani" in records[str(original.pk)].inner_text()
    assert "123456782" in records[str(original.pk)].inner_text()
    assert "El Amrany" in records[str(variant.pk)].inner_text()
    assert page.locator(f"#identity-cases a[href$='/casussen/{case.pk}/']").count() == 1
    assert services.identity_person_ids(variant.pk) == {original.pk, variant.pk}

    # 5. Undo: the pair is awaiting review again and the identity falls apart.
    page.go_back()
    page.wait_for_url(f"**/koppelen/paren/{pair.pk}/")
    page.locator("#undo").click()
    page.wait_for_url(f"**/koppelen/paren/{pair.pk}/")
    assert page.locator("#accept").is_visible()
    pair.refresh_from_db()
    assert pair.is_pending
    assert services.identity_person_ids(variant.pk) == {variant.pk}

    # 6. "Al bekend?" with the variant's spelling: the answer names only the Veiligheidshuis,
    #    never the partner that leads the case (the probation service).
    page.goto("/koppelen/")
    page.locator("a[href$='/koppelen/al-bekend/']").first.click()
    page.wait_for_url("**/koppelen/al-bekend/")
    page.locator("#id_reason").select_option("casus")
    page.locator("#id_given_names").fill("Fatima")
    page.locator("#id_surname").fill("El Amrany")
    page.locator("#id_date_of_birth").fill("1975-11-30")
    page.locator("#already-known-form button[type=submit]").click()
    answer = page.locator("#already-known-answer")
    answer.wait_for()
    assert page.locator("#answer-known").is_visible()
    assert answer.locator("li").all_inner_texts() == ["Veiligheidshuis"]
    text = answer.inner_text()
    for secret in (
        case.reference, case.title, "Amrani", "123456782", str(original.pk), "Reclassering"
    ):  # fmt: skip
        assert secret not in text
    assert not re.search(r"/(casussen|personen)/\d+", answer.inner_html())
