"""`manage.py select_list hit --as-of YYYY-MM-DD --output OUT.csv`: the proposed inflow.

Applies the rule with that code (to the active list that uses it, so that persons already on the
list are not proposed again) and writes `person_ref,reason` for each person proposed. Nothing is
decided: inflow remains a recorded decision in Schakel.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.services import record, record_persons
from schakel.lib.csvfiles import SafeWriter
from schakel.registry.models import Person
from schakel.targets import services
from schakel.targets.models import PersonReference, TargetGroupRule, TargetList


class Command(BaseCommand):
    help = "Write the proposed inflow of a target-group rule as CSV (person_ref,reason)."

    def add_arguments(self, parser):
        parser.add_argument("rule", help="Code of the rule, e.g. 'hit'.")
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        parser.add_argument("--output", required=True, help="CSV file to write.")

    def handle(self, *args, rule: str, as_of: str, output: str, **options):
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError as error:
            raise CommandError("--as-of must be a date YYYY-MM-DD.") from error
        try:
            target_rule = TargetGroupRule.objects.get(code=rule)
        except TargetGroupRule.DoesNotExist as error:
            known = ", ".join(TargetGroupRule.objects.values_list("code", flat=True))
            raise CommandError(f"Unknown rule '{rule}'. Known: {known}.") from error
        target_list = TargetList.objects.filter(rule=target_rule, is_active=True).first()
        with translation.override(settings.LANGUAGE_CODE):
            inflow, _outflow = services.proposals_for(target_list, target_rule, day)
            names = services.category_names()
            reasons = {p.person: services.describe(p.outcome, names) for p in inflow}
        refs: dict[int, str] = {}
        for person_id, ref in (
            PersonReference.objects.filter(person_id__in=list(reasons))
            .order_by("-id")
            .values_list("person_id", "ref")
        ):
            refs.setdefault(person_id, ref)
        path = Path(output)
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = SafeWriter(stream)
            writer.writerow(["person_ref", "reason"])
            for person_id, reason in reasons.items():
                writer.writerow([refs.get(person_id, f"schakel-{person_id}"), reason])
        record(
            None,
            AuditAction.EXPORT,
            obj=target_rule,
            purpose=Purpose.TARGET_LIST_SELECTION_COMMAND,
            detail=f"select_list {target_rule.code} per {day}: {len(reasons)} personen",
        )
        record_persons(
            None,
            AuditAction.EXPORT,
            Person.objects.filter(pk__in=list(reasons)),
            purpose=Purpose.TARGET_LIST_SELECTION_COMMAND,
        )
        self.stdout.write(
            self.style.SUCCESS(f"{len(reasons)} persons proposed for inflow; written to {path}.")
        )
