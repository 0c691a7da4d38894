"""Demo data of record linkage: persons registered twice, and one run with a review queue.

Fifteen persons of the core demo are registered again by the social district team or the housing
association, as partners do: with a typo in a name, a missing BSN, a date of birth with two
digits swapped, sometimes at a new address. Each new registration comes with a signal of that
partner. Then one linkage run over the registry is made, so that the review queue is not empty.
"""

import datetime
import random

from schakel.intake.models import Signal, SignalCategory
from schakel.linkage.models import CandidatePair, EncodedPerson, LinkageRun, PersonLink
from schakel.linkage.services import start_registry_run
from schakel.organisations.models import OrganisationKind, Role, User
from schakel.registry.models import Address, Person

from .clock import start_of, written_at

N_DUPLICATES = 15
TEMPORARY_PREFIX = "S-KOP-"
DEMO_DESCRIPTION = "Nieuwe aanmelding; mogelijk al bekend bij andere partners."


def _typo(rng: random.Random, text: str) -> str:
    """A realistic Dutch slip: ij/y, ei/ij, dt, a swapped or dropped letter, a doubled vowel."""
    swaps = [("ij", "y"), ("y", "ij"), ("ei", "ij"), ("dt", "d"), ("ck", "k"), ("ph", "f")]
    options = [(a, b) for a, b in swaps if a in text.lower()]
    if options and rng.random() < 0.5:
        a, b = rng.choice(options)
        index = text.lower().index(a)
        return text[:index] + b + text[index + len(a) :]
    if len(text) < 4:
        return text + text[-1]
    i = rng.randrange(1, len(text) - 2)
    kind = rng.choice(["swap", "drop", "double"])
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    return text[: i + 1] + text[i] + text[i + 1 :]


def _demo_user(username: str, role: str) -> User | None:
    return User.objects.filter(username=username, role=role).first()


def load(seed: int, today: datetime.date) -> dict:
    now = start_of(today)
    rng = random.Random(seed * 7919 + 5)
    regisseur = _demo_user("regisseur", Role.PROCESS_DIRECTOR)
    reporters = [
        u
        for u in (
            _demo_user("wijkteam", Role.PROFESSIONAL),
            _demo_user("corporatie", Role.PROFESSIONAL),
        )
        if u is not None
    ]
    receiver = (regisseur.organisation if regisseur else None) or _safety_house_of(reporters)
    category = SignalCategory.objects.order_by("pk").first()
    originals = list(
        Person.objects.filter(cases__isnull=False, date_of_birth__isnull=False)
        .distinct()
        .select_related("address")
        .order_by("pk")
    )
    if regisseur is None or not reporters or receiver is None or category is None:
        return {"linkage duplicates": 0}
    rng.shuffle(originals)
    addresses = list(Address.objects.order_by("pk"))
    duplicates = []
    for number, original in enumerate(originals[:N_DUPLICATES], start=1):
        given = original.given_names
        surname = original.surname
        prefix = original.surname_prefix
        born = original.date_of_birth
        address = original.address
        change = number % 5
        if change == 0:
            given = _typo(rng, given)
        elif change == 1:
            surname = _typo(rng, surname)
        elif change == 2:
            prefix = ""  # "Vries" instead of "de Vries"
            given = given.split()[0]
        elif change == 3 and born.day <= 12 and born.day != born.month:
            born = born.replace(month=born.day, day=born.month)  # day and month swapped
        else:
            born = born + datetime.timedelta(days=rng.choice([-1, 1, 10]))
        if rng.random() < 0.3 and addresses:
            address = rng.choice(addresses)  # moved, or registered at another address
        # One new registration a day over the last weeks, in office hours.
        registered = now - datetime.timedelta(days=N_DUPLICATES + 1 - number, hours=14 - number % 5)
        reporter = reporters[number % len(reporters)]
        with written_at(registered):
            duplicate = Person.objects.create(
                given_names=given,
                surname_prefix=prefix,
                surname=surname,
                date_of_birth=born,
                address=address,
                bsn="",  # the second partner did not record the BSN
            )
            signal = Signal.objects.create(
                reference=f"{TEMPORARY_PREFIX}{number:04d}",
                category=category,
                description=DEMO_DESCRIPTION,
                reporting_organisation=reporter.organisation,
                receiving_organisation=receiver,
                reported_by=reporter,
            )
        # The same form as references made by the intake: S-<year>-<number>.
        signal.reference = f"S-{signal.created_at:%Y}-{signal.pk:05d}"
        signal.save(update_fields=["reference"])
        signal.persons.add(duplicate)
        duplicates.append(duplicate)
    run = start_registry_run(
        by=regisseur, lower_threshold=0.3, upper_threshold=0.9999, link_above_upper=True, now=now
    )
    return {
        "linkage duplicates": len(duplicates),
        "linkage pairs": run.pair_count,
        "linkage pairs to review": run.review_count,
    }


def _safety_house_of(users):
    for user in users:
        if user.organisation and user.organisation.kind == OrganisationKind.SAFETY_HOUSE:
            return user.organisation
    return None


def remove() -> None:
    """Remove the linkage demo data; the persons go with the core demo data afterwards."""
    PersonLink.objects.all().delete()
    CandidatePair.objects.all().delete()
    LinkageRun.objects.all().delete()
    EncodedPerson.objects.all().delete()
    # The demo signals and persons go with the core demo data.
