"""Link an existing Schakel account to its identity at the identity provider (issuer + `sub`).

For moving a local account to the log-in through the identity provider: afterwards that log-in
finds this account (and brings its organisation and role in line with the claims). Without
--keep-password the local password is removed, so the provider is the only way in. Audited.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from schakel.dashboard.oidc import link_identity
from schakel.organisations.models import User


class Command(BaseCommand):
    help = "Link an existing account to its subject (sub) at the OpenID Connect identity provider."

    def add_arguments(self, parser):
        parser.add_argument("username", help="the Schakel account")
        parser.add_argument(
            "subject", help="the 'sub' claim the identity provider gives this person"
        )
        parser.add_argument("--issuer", help="default: SCHAKEL_OIDC_ISSUER")
        parser.add_argument(
            "--keep-password", action="store_true", help="keep the local password as well"
        )

    def handle(self, *args, **options):
        issuer = options["issuer"] or settings.SCHAKEL_OIDC_ISSUER
        if not issuer:
            raise CommandError("No issuer: set SCHAKEL_OIDC_ISSUER or pass --issuer.")
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No account with that user name.")
        try:
            link_identity(user, issuer, options["subject"], keep_password=options["keep_password"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Account {user.pk} linked to the identity provider.")
