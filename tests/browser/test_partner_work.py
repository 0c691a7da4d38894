"""Partners' work reaches them (issue 11), walked in a real browser.

1. The police report a signal; the Veiligheidshuis triages it to level 2 with the wijkteam
   leading; the wijkteam finds it in "Mijn werk" and in its signal list, accepts it and reports
   a result; the Veiligheidshuis sees the result (and is told of it).
2. The HIT coordinator opens a case with a plan for a person on their list and asks the
   woningcorporatie to solve a bottleneck; the corporatie finds it in "Mijn werk" and completes
   it; the coordinator sees it solved.

Fields are found by their ids and form actions; a few Dutch texts show the UI speaks Dutch.
"""

import re

import pytest

from schakel.cases.models import Case
from schakel.intake.models import Handover, Signal
from schakel.intake.workflow import HandoverState, SignalStatus
from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.registry.models import Person
from schakel.targets import services as target_services
from schakel.targets.models import Bottleneck, TargetGroupRule, TargetList
from schakel.triage.models import EscalationLevel
from tests.browser.conftest import log_in
from tests.browser.test_hit_approach import install_target_configuration
from tests.factories import PersonFactory, make_user

pytestmark = pytest.mark.browser


def submit(page, form_action_suffix):
    page.locator(f"form[action$='{form_action_suffix}'] button[type=submit]").first.click()
    page.wait_for_load_state()


def test_a_level_2_hand_over_reaches_the_wijkteam_and_its_result_the_house(page):
    make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur", "Veiligheidshuis")
    make_user(Role.PROFESSIONAL, K.POLICE, "politie", "Politie")
    wijkteam = make_user(Role.PROFESSIONAL, K.DISTRICT_TEAM, "wijkteam", "Wijkteam Zuid")

    # 1. The police report a signal.
    log_in(page, "politie")
    page.goto("/signalen/nieuw/")
    page.locator("#id_category").select_option(label="Zorgmijding / verward gedrag")
    page.locator("#id_description").fill("Oudere bewoner loopt verward op straat.")
    page.locator("#id_address-postcode").fill("9991 AB")
    page.locator("#id_address-house_number").fill("7")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/signalen/\d+/$"))
    signal = Signal.objects.get()
    assert page.locator("h1").inner_text().endswith(signal.reference)

    # 2. The Veiligheidshuis triages it to level 2, the wijkteam leading.
    log_in(page, "regisseur")
    page.get_by_role("link", name=signal.reference).click()
    for radio in page.locator("input[type=radio][value=no]").all():
        radio.check()
    page.locator("#id_level").select_option(value=str(EscalationLevel.objects.get(number=2).pk))
    page.locator("#id_lead_organisation").select_option(label="Wijkteam Zuid")
    page.locator("#id_reason").fill("Zorg staat voorop; het wijkteam kan met één plan verder.")
    page.locator("#id_reason_category").select_option("general")
    submit(page, "/triage/")
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REFERRED
    handover = Handover.objects.get(signal=signal)
    assert page.locator(f"#handover-{handover.pk}").inner_text().count("Wijkteam Zuid") == 1

    # 3. The wijkteam finds it in its signal list and in "Mijn werk" (with a notification).
    log_in(page, "wijkteam")
    assert page.locator("header .badge--unread").inner_text().strip() == "1"
    page.goto("/signalen/")
    assert page.get_by_role("link", name=signal.reference).count() == 1
    page.goto("/mijn-werk/")
    row = page.locator("main tbody tr", has=page.locator(f"a[href='/signalen/{signal.pk}/']"))
    assert row.count() == 1
    assert "Signaal " + signal.reference in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url(f"**/signalen/{signal.pk}/")
    assert "Oudere bewoner loopt verward op straat." in page.locator("main").inner_text()

    # 4. ... accepts it, and reports the result.
    submit(page, f"/overdracht/{handover.pk}/aanvaarden/")
    handover.refresh_from_db()
    assert handover.state == HandoverState.ACCEPTED and handover.accepted_by == wijkteam
    page.locator(f"#handover-{handover.pk} textarea").fill(
        "Huisbezoek afgelegd; thuiszorg en huisarts ingeschakeld."
    )
    submit(page, f"/overdracht/{handover.pk}/afgerond/")
    handover.refresh_from_db()
    assert handover.state == HandoverState.DONE
    page.goto("/mijn-werk/")
    assert page.locator(f"main a[href='/signalen/{signal.pk}/']").count() == 0

    # 5. The Veiligheidshuis is told, and sees the result on the signal.
    log_in(page, "regisseur")
    assert page.locator("header .badge--unread").inner_text().strip() == "1"
    page.goto("/notificaties/")
    assert "resultaat" in page.locator("main tbody").inner_text()
    page.locator("main tbody form button").first.click()
    page.wait_for_url(f"**/signalen/{signal.pk}/")
    card = page.locator(f"#handover-{handover.pk}").inner_text()
    assert "Huisbezoek afgelegd; thuiszorg en huisarts ingeschakeld." in card
    assert "Afgerond" in card


def test_the_hit_coordinator_opens_a_plan_and_the_corporatie_solves_the_bottleneck(page):
    install_target_configuration()
    regisseur = make_user(Role.PROCESS_DIRECTOR, K.SAFETY_HOUSE, "regisseur", "Veiligheidshuis")
    coordinator = make_user(Role.COORDINATOR, K.MUNICIPALITY, "hitcoordinator", "Gemeente")
    corporatie = make_user(Role.PROFESSIONAL, K.HOUSING, "corporatie", "Woonstede")
    hit = TargetList.objects.create(
        name="HIT Lindewaard",
        rule=TargetGroupRule.objects.get(code="hit"),
        host_organisation=regisseur.organisation,
    )
    hit.team.add(coordinator)
    person = PersonFactory(given_names="Karim", surname="Verzonnen", bsn="111222333")
    target_services.include_on_list(
        hit,
        person,
        by=regisseur,
        reason="Twee overvallen",
        coordinator=coordinator,
        best_cards=corporatie.organisation,
    )

    # 1. The coordinator opens a case with a plan from the person on their list.
    log_in(page, "hitcoordinator")
    page.goto(f"/doelgroepen/personen/{person.pk}/")
    page.locator("main a[href$='/casus/']").first.click()
    page.locator("#id_title").fill("HIT-aanpak Zuid")
    page.locator("#id_goal").fill("Een vaste woonplek")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/casussen/\d+/$"))
    case = Case.objects.get()
    assert case.coordinator == coordinator
    assert list(case.persons.all()) == [person]
    assert case.plan.goals.get().description == "Een vaste woonplek"
    assert "Een vaste woonplek" in page.locator("main").inner_text()

    # 2. ... and asks the woningcorporatie for housing.
    page.goto(f"/doelgroepen/personen/{person.pk}/")
    page.locator("#bottleneck-link").click()
    page.locator("#id_kind").select_option("huisvesting")
    page.locator("#id_description").fill("Zoekt een kamer na detentie.")
    page.locator("#id_asked_organisation").select_option(value=str(corporatie.organisation.pk))
    page.locator("#page-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/doelgroepen/personen/{person.pk}/"))
    bottleneck = Bottleneck.objects.get(person=person)

    # 3. The corporatie finds it in "Mijn werk", sees what is needed (not the person's record),
    #    and solves it.
    log_in(page, "corporatie")
    page.goto("/mijn-werk/")
    page.locator("main tbody a").first.click()
    page.wait_for_url(re.compile(rf"/{bottleneck.pk}/$"))
    text = page.locator("main").inner_text()
    assert "Zoekt een kamer na detentie." in text
    assert person.bsn not in text and "Verzonnen" not in text
    page.locator("#status").select_option("solved")
    page.locator("#resolution").fill("Kamer aangeboden aan de Lindelaan.")
    page.locator("main form.bottleneck-update button[type=submit]").click()
    page.wait_for_load_state()
    bottleneck.refresh_from_db()
    assert bottleneck.status == "solved"
    page.goto("/mijn-werk/")
    assert page.locator("main tbody tr").count() == 0
    assert page.goto(f"/doelgroepen/personen/{person.pk}/").status in {403, 404}

    # 4. The coordinator sees it solved on the person's page.
    log_in(page, "hitcoordinator")
    page.goto(f"/doelgroepen/personen/{person.pk}/")
    row = page.locator(f"#bottleneck-{bottleneck.pk}").inner_text()
    assert "Kamer aangeboden aan de Lindelaan." in row
    assert Person.objects.count() == 1
