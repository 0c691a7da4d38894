"""The core demo data: the Zorg- en Veiligheidshuis Lindewaard, its partners, users, persons,
signals, cases, conferences and plans (see `generator` for what it holds and why)."""

from schakel.intake.models import SignalCategory
from schakel.organisations.models import CategoryGrant
from schakel.plans.models import InterventionType
from schakel.triage.models import EscalationLevel, IntakeCriterion

from . import content
from .base import DemoDataError
from .cases import Cases
from .conferences import Conferences
from .intake import SignalsAndTriage
from .organisations import OrganisationsAndUsers
from .plans import Plans
from .registry import PersonsAndPlaces
from .writing import Writing


class CoreDemo(
    OrganisationsAndUsers, PersonsAndPlaces, Conferences, Cases, SignalsAndTriage, Plans, Writing
):
    """Builds the core demo data in memory, then writes it."""

    def build(self) -> dict:
        self._read_configuration()
        self._organisations()
        self._users()
        self._areas_and_addresses()
        self._persons()
        self._businesses()
        self._conference_schedule()
        drafts = self._cases()
        signals = self._signals(drafts)
        self._conference_agendas(drafts)
        self._write(drafts, signals)
        return self.counts

    def _read_configuration(self) -> None:
        self.levels = {level.number: level for level in EscalationLevel.objects.all()}
        self.criteria = list(IntakeCriterion.objects.filter(is_active=True))
        self.categories = {c.name: c for c in SignalCategory.objects.all()}
        self.types = list(InterventionType.objects.filter(is_active=True))
        self.grants: dict[str, set[str]] = {}
        for kind, category in CategoryGrant.objects.values_list("organisation_kind", "category"):
            self.grants.setdefault(kind, set()).add(category)
        missing = [n for n in (1, 2, 3, 4) if n not in self.levels]
        missing += [t.category for t in content.THEMES if t.category not in self.categories]
        if missing or not self.criteria or not self.types or not self.grants:
            raise DemoDataError(
                "The configuration data (escalation ladder, intake criteria, signal categories, "
                "intervention catalogue, category grants) is missing; run `manage.py migrate`."
            )
