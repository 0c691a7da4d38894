"""The demo's partners and users: the Lindewaard organisations, the demo log-ins and their colleagues."""

import hashlib
import unicodedata

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from schakel.organisations.models import Organisation, Role, User
from schakel.organisations.models import OrganisationKind as K

from . import content
from .base import Builder, insert

_DEMO_NAMES = frozenset(row[0] for row in content.DEMO_USERS)


class OrganisationsAndUsers(Builder):
    def _organisations(self) -> None:
        self.orgs: dict[str, Organisation] = {}
        for kind, name in content.ORGANISATIONS:
            self.orgs[kind], _created = Organisation.objects.get_or_create(
                name=name, defaults={"kind": kind}
            )
        self.vh = self.orgs[K.SAFETY_HOUSE]

    def _users(self) -> None:
        # One hash for all: hashing the same password 27 times would cost seconds. The password
        # is public, so its salt may come from the seed: the same seed gives the same data.
        salt = hashlib.sha256(f"schakel-demo-{self.seed}".encode()).hexdigest()[:22]
        password = make_password(settings.SCHAKEL_DEMO_PASSWORD, salt=salt)
        taken = set(User.objects.values_list("username", flat=True))

        def make(username, first, last, role, kind, job_title) -> User:
            return User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@lindewaard.example",
                role=role,
                organisation=self.orgs[kind],
                job_title=job_title,
                password=password,
                is_staff=role in (Role.ADMINISTRATOR, Role.AUDITOR),
                date_joined=self.start,
            )

        users = []
        for username, first, last, role, kind, job_title in content.DEMO_USERS:
            users.append(make(username, first, last, role, kind, job_title))
            taken.add(username)
        for role, kind, job_title in content.MORE_STAFF:
            first, prefix, surname = self._full_name()
            first = first.split()[0]
            last = f"{prefix} {surname}".strip()
            username = _username(first, last, taken)
            users.append(make(username, first, last, role, kind, job_title))
        insert(users)
        self.users = {u.username: u for u in users}
        self.regisseur = self.users["regisseur"]
        self.coordinator = self.users["coordinator"]
        self.directors = [u for u in users if u.role == Role.PROCESS_DIRECTOR]
        self.other_directors = [u for u in self.directors if u != self.regisseur]
        # Case workers per organisation kind; the demo log-in first, chosen most often.
        self.workers: dict[str, list[User]] = {}
        for user in users:
            if user.role in (Role.PROFESSIONAL, Role.PROCESS_DIRECTOR):
                self.workers.setdefault(user.organisation.kind, []).append(user)
        self._admin_group(self.users["beheerder"])
        self._privacy_group(self.users["auditor"])

    def _admin_group(self, beheerder: User) -> None:
        group, _created = Group.objects.get_or_create(name=content.ADMIN_GROUP)
        permissions = []
        for app_label, model in content.ADMIN_GROUP_MODELS:
            permissions += Permission.objects.filter(
                content_type__app_label=app_label,
                codename__in=[
                    f"{action}_{model}" for action in ("add", "change", "view", "delete")
                ],
            )
        permissions += Permission.objects.filter(
            content_type__app_label="auth", codename="view_group"
        )
        group.permissions.add(*permissions)
        beheerder.groups.add(group)

    def _privacy_group(self, auditor: User) -> None:
        group, _created = Group.objects.get_or_create(name=content.PRIVACY_GROUP)
        for app_label, codename in content.PRIVACY_GROUP_PERMISSIONS:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        auditor.groups.add(group)

    def _worker(self, kind: str) -> User:
        if kind == K.SAFETY_HOUSE:
            return self.regisseur if self.rng.random() < 0.6 else self.rng.choice(self.directors)
        candidates = self.workers[kind]
        if candidates[0].username in _DEMO_NAMES and self.rng.random() < 0.6:
            return candidates[0]
        return self.rng.choice(candidates)


def _username(first: str, last: str, taken: set[str]) -> str:
    """'j.devries' for Jan de Vries; a number is added when it is taken."""
    folded = unicodedata.normalize("NFKD", f"{first[0]}.{last}").encode("ascii", "ignore")
    base = "".join(c for c in folded.decode().lower() if c.isalnum() or c == ".")
    username, number = base, 2
    while username in taken:
        username, number = f"{base}{number}", number + 1
    taken.add(username)
    return username
