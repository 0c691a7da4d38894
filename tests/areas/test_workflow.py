"""The joint-inspection and resident-report workflow tables, and the services that walk them."""

import pytest

from schakel.access.errors import ValidationError
from schakel.areas import services
from schakel.areas.models import JointInspection, ResidentReport
from schakel.areas.workflow import (
    INSPECTION_TRANSITIONS,
    REPORT_TRANSITIONS,
    InspectionStatus,
    ResidentReportStatus,
)

IS, R = InspectionStatus, ResidentReportStatus
INSPECTION_STEPS = [
    (a, b) for a, targets in INSPECTION_TRANSITIONS.items() for b in sorted(targets)
]
REPORT_STEPS = [(a, b) for a, targets in REPORT_TRANSITIONS.items() for b in sorted(targets)]


def test_every_status_is_in_the_tables():
    assert set(INSPECTION_TRANSITIONS) == set(InspectionStatus.values)
    assert set(REPORT_TRANSITIONS) == set(ResidentReportStatus.values)


def test_a_finished_inspection_and_a_handled_report_go_nowhere():
    assert INSPECTION_STEPS == [(IS.PLANNED, IS.CANCELLED), (IS.PLANNED, IS.DONE)]
    assert REPORT_STEPS == [(R.NEW, R.SEEN), (R.SEEN, R.HANDLED)]


def _inspection_in(inspection, status):
    JointInspection.objects.filter(pk=inspection.pk).update(status=status)
    inspection.refresh_from_db()
    return inspection


@pytest.mark.parametrize(("from_status", "to_status"), INSPECTION_STEPS)
def test_every_allowed_inspection_step_works_through_the_service(
    gebiedsregisseur, inspection, from_status, to_status
):
    inspection = _inspection_in(inspection, from_status)
    services.set_inspection_status(inspection, by=gebiedsregisseur, status=to_status)
    inspection.refresh_from_db()
    assert inspection.status == to_status


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(IS.DONE, IS.CANCELLED), (IS.CANCELLED, IS.DONE), (IS.PLANNED, IS.PLANNED)],
)
def test_inspection_steps_outside_the_table_are_refused(
    gebiedsregisseur, inspection, from_status, to_status
):
    inspection = _inspection_in(inspection, from_status)
    with pytest.raises(ValidationError):
        services.set_inspection_status(inspection, by=gebiedsregisseur, status=to_status)
    inspection.refresh_from_db()
    assert inspection.status == from_status


def _report_in(status):
    report = services.submit_resident_report(
        category=ResidentReport.Category.NUISANCE,
        description="Elke nacht lawaai bij de speeltuin.",
        postcode="9998AB",
        house_number=1,
    )
    ResidentReport.objects.filter(pk=report.pk).update(status=status)
    report.refresh_from_db()
    return report


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), REPORT_STEPS)
def test_every_allowed_report_step_works_through_the_service(
    gebiedsregisseur, from_status, to_status
):
    report = _report_in(from_status)
    services.set_resident_report_status(report, by=gebiedsregisseur, status=to_status)
    report.refresh_from_db()
    assert report.status == to_status


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [(R.NEW, R.HANDLED), (R.SEEN, R.NEW), (R.HANDLED, R.SEEN)],
)
def test_report_steps_outside_the_table_are_refused(gebiedsregisseur, from_status, to_status):
    report = _report_in(from_status)
    with pytest.raises(ValidationError):
        services.set_resident_report_status(report, by=gebiedsregisseur, status=to_status)
    report.refresh_from_db()
    assert report.status == from_status
