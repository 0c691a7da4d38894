"""The HIT approach in a real browser: a coordinator applies the HIT rule, decides inflow,
assesses the person, records a bottleneck, follows the plan and opens the monthly report.

Fields are found by their ids; new English strings are not asserted (they get Dutch later).
"""

import datetime
import importlib
import io
import re

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from schakel.organisations.models import OrganisationKind as K
from schakel.organisations.models import Role
from schakel.plans.models import InterventionStatus, InterventionType
from schakel.registry.models import Person
from schakel.targets.models import (
    AssessmentInstrument,
    Bottleneck,
    ListMembership,
    TargetGroupRule,
    TargetList,
)
from schakel.targets.registrations import import_registrations
from tests.browser.conftest import log_in
from tests.factories import ActionPlanFactory, CaseFactory, InterventionFactory, make_user
from tests.targets.conftest import csv_text, registration_row

pytestmark = pytest.mark.browser


def install_target_configuration():
    """The transactional test flushed the tables: re-run this app's configuration migration."""
    migration = importlib.import_module("schakel.targets.migrations.0002_configuration")
    for operation in migration.Migration.operations:
        operation.code(django_apps, None)


def test_coordinator_runs_the_hit_approach(page):
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
    today = timezone.localdate()
    recent = (today - datetime.timedelta(days=40)).isoformat()
    offence = (today - datetime.timedelta(days=200)).isoformat()
    result = import_registrations(
        io.StringIO(
            csv_text(
                [
                    registration_row(
                        1, given_name="Karim", decision_date=recent, offence_date=offence
                    ),
                    registration_row(
                        2,
                        given_name="Kees",
                        decision="vrijspraak",
                        decision_date=recent,
                        offence_date=offence,
                    ),  # fmt: skip
                ]
            )
        ),
        by=regisseur,
        source="OM",
    )
    assert result.ok
    person = Person.objects.get(given_names="Karim")
    case = CaseFactory(coordinator=coordinator, host_organisation=regisseur.organisation,
                       persons=[person])  # fmt: skip
    intervention = InterventionFactory(
        plan=ActionPlanFactory(case=case),
        type=InterventionType.objects.filter(domain="administrative").first(),
        deadline=today - datetime.timedelta(days=5),
    )

    # 1. The coordinator applies the HIT rule to the list.
    log_in(page, "hitcoordinator")
    page.goto("/doelgroepen/")
    page.locator(f"#target-lists a[href$='/lijsten/{hit.pk}/']").click()
    page.locator("#id_as_of").fill(today.isoformat())
    page.locator("#apply-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/doelgroepen/toepassingen/\d+/$"))
    assert page.locator("#inflow tbody tr").count() == 1  # the acquittal does not count

    # 2. ... and decides inflow, with an accountable coordinator and the partner with the best cards.
    page.locator("#inflow .decide-link").click()
    page.locator("#id_direction_0").check()
    page.locator("#id_coordinator").select_option(value=str(coordinator.pk))
    page.locator("#id_best_cards").select_option(value=str(corporatie.organisation.pk))
    page.locator("#decision-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/doelgroepen/toepassingen/\d+/"))
    membership = ListMembership.objects.get(person=person)
    assert membership.coordinator == coordinator and membership.is_active

    # 3. Assess the person's life domains with the ZRM 2017.
    page.goto(f"/doelgroepen/personen/{person.pk}/")
    page.locator("#assess-link").click()
    zrm = AssessmentInstrument.objects.get(code="zrm-2017")
    page.locator("#id_instrument").select_option(value=str(zrm.pk))
    page.locator("#instrument-form button[type=submit]").click()
    domains = list(zrm.domains.all())
    for domain, score in zip(domains[:4], ("1", "2", "3", "2"), strict=True):
        page.locator(f"#id_domain_{domain.pk}").select_option(score)
    page.locator("#assessment-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/doelgroepen/personen/{person.pk}/"))
    assessment = person.life_domain_assessments.get()
    assert assessment.scores.count() == 4
    assert page.locator("#scores-zrm-2017 tbody tr").count() == 13

    # 4. Record a bottleneck: no housing; the housing association is asked to solve it.
    page.locator("#bottleneck-link").click()
    page.locator("#id_kind").select_option("huisvesting")
    page.locator("#id_description").fill("Geen woonplek na detentie.")
    page.locator("#id_asked_organisation").select_option(value=str(corporatie.organisation.pk))
    page.locator("#page-form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/doelgroepen/personen/{person.pk}/"))
    assert Bottleneck.objects.get(person=person).asked_organisation == corporatie.organisation

    # 5. Follow the plan: the overdue intervention is on the coordinator's list; report it done.
    page.goto("/doelgroepen/mijn-werk/")
    row = page.locator(f"#overdue-{intervention.pk}")
    assert row.count() == 1
    row.locator(".report-link").click()
    page.locator("select[id$='-status']").select_option("done")
    page.locator("textarea[id$='-result']").fill("Afspraak met de schuldhulp gemaakt.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/casussen/\d+/"))
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.DONE

    # 6. Open the monthly report, with its charts, and its PDF.
    page.goto(f"/doelgroepen/lijsten/{hit.pk}/")
    page.locator("#report-link").click()
    page.wait_for_url(re.compile(rf"/doelgroepen/lijsten/{hit.pk}/rapportage/"))
    assert page.locator("#report-size").inner_text().strip() == "1"
    assert page.locator("main svg").count() >= 2
    assert "Karim" not in page.locator("main").inner_text()
    # The PDF is made by a background job (here run at once); its page links to the file.
    page.locator("#pdf-button").click()
    page.wait_for_url("**/taken/**")
    pdf = page.request.get(page.locator("#job-result a").first.get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
