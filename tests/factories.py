"""factory_boy factories for Schakel's domain, and helpers to make a user of a role."""

import datetime

import factory
from django.utils import timezone

from schakel.cases.models import Case, CaseNote, CaseParticipation
from schakel.cases.workflow import CaseStatus
from schakel.conferences.models import Conference
from schakel.intake.models import Signal, SignalCategory
from schakel.organisations.models import Organisation, OrganisationKind, Role, User
from schakel.plans.models import ActionPlan, Intervention, InterventionType
from schakel.registry.models import Address, Person
from schakel.triage.models import EscalationLevel

# Nine-digit numbers that pass the 11-test, for tests only.
VALID_BSNS = ["111222333", "123456782", "999999990", "100000010", "100000022", "100000034"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.MUNICIPALITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker{n}")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROFESSIONAL
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord")


def make_user(role: str, kind: str, username: str | None = None, org_name: str | None = None):
    """A user of a role in an organisation of a kind, e.g. make_user('professional', 'police')."""
    organisation = OrganisationFactory(name=org_name or f"Test {kind}", kind=kind)
    user = UserFactory(username=username or f"{role}-{kind}", organisation=organisation, role=role)
    user.save()
    return user


def make_staff_beheerder(*models: str, permissions: tuple[str, ...] = ()):
    """A functioneel beheerder as the demo sets one up: staff, in a group that may add, change,
    view and delete the given `organisations` models (plus any extra permission codenames)."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    user = make_user(Role.ADMINISTRATOR, OrganisationKind.MUNICIPALITY, "beheerder")
    user.is_staff = True
    user.save()
    group = Group.objects.create(name="Functioneel beheer")
    wanted = Q(codename__in=permissions)
    if models:
        wanted |= Q(codename__regex=rf"^(add|change|view|delete)_({'|'.join(models)})$")
    group.permissions.set(
        Permission.objects.filter(wanted, content_type__app_label="organisations")
    )
    user.groups.add(group)
    return user


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    postcode = factory.Sequence(lambda n: f"{1000 + n % 8999}AB")
    house_number = factory.Sequence(lambda n: n + 1)
    street = "Teststraat"
    city = "Lindewaard"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = "Jan"
    surname = factory.Sequence(lambda n: f"Jansen{n}")
    date_of_birth = datetime.date(1990, 1, 1)
    address = factory.SubFactory(AddressFactory)


def level(number: int) -> EscalationLevel:
    return EscalationLevel.objects.get(number=number)


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    reference = factory.Sequence(lambda n: f"S-T-{n:05d}")
    category = factory.LazyFunction(lambda: SignalCategory.objects.order_by("pk").first())
    description = "Zorgen over overlast en dreiging."
    reporting_organisation = factory.SubFactory(
        OrganisationFactory, name="Test police", kind=OrganisationKind.POLICE
    )
    receiving_organisation = factory.SubFactory(
        OrganisationFactory, name="Test veiligheidshuis", kind=OrganisationKind.SAFETY_HOUSE
    )
    reported_by = factory.SubFactory(UserFactory)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"C-T-{n:05d}")
    title = factory.Sequence(lambda n: f"Testcasus {n}")
    status = CaseStatus.TRIAGE
    host_organisation = factory.SubFactory(
        OrganisationFactory, name="Test veiligheidshuis", kind=OrganisationKind.SAFETY_HOUSE
    )
    lead_organisation = factory.SelfAttribute("host_organisation")
    coordinator = factory.SubFactory(
        UserFactory,
        username="procesregisseur-veiligheidshuis",
        role=Role.PROCESS_DIRECTOR,
        organisation=factory.SelfAttribute("..host_organisation"),
    )
    level = factory.LazyFunction(lambda: level(3))
    review_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        for organisation in extracted or ():
            CaseParticipation.objects.create(
                case=self, organisation=organisation, invited_by=self.coordinator
            )

    @factory.post_generation
    def persons(self, create, extracted, **kwargs):
        if extracted:
            self.persons.set(extracted)


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    category = "general"
    text = factory.Sequence(lambda n: f"Notitie {n}")
    author = factory.SelfAttribute("case.coordinator")
    organisation = factory.SelfAttribute("case.host_organisation")


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    case = factory.SubFactory(CaseFactory)


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    plan = factory.SubFactory(ActionPlanFactory)
    type = factory.LazyFunction(lambda: InterventionType.objects.order_by("pk").first())
    owner_organisation = factory.SelfAttribute("plan.case.host_organisation")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference

    title = factory.Sequence(lambda n: f"Casusoverleg {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    host_organisation = factory.SubFactory(
        OrganisationFactory, name="Test veiligheidshuis", kind=OrganisationKind.SAFETY_HOUSE
    )
    chair = factory.SubFactory(
        UserFactory,
        username="procesregisseur-veiligheidshuis",
        role=Role.PROCESS_DIRECTOR,
        organisation=factory.SelfAttribute("..host_organisation"),
    )
