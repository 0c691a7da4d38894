"""Log-in through the municipality's identity provider with OpenID Connect.

mozilla-django-oidc runs the authorization code flow (with PKCE and a nonce); this module gives it
Schakel's configuration (settings SCHAKEL_OIDC_*, endpoints from the issuer's discovery document)
and decides who may come in. The ID token must be signed by the provider's key (JWKS), be issued
by the configured issuer to Schakel's client id, and be unexpired. Then its claims (with the
userinfo answer) must name an organisation Schakel knows by its code (`Organisation.code`) and map
to exactly one role through SCHAKEL_OIDC_ROLES. Anything else refuses the log-in: the user sees a
Dutch reason on the log-in page and the refusal is a failed log-in in the audit chain.

The account is found by the provider's issuer and subject (`sub`) alone — never by e-mail address
or user name. The first log-in creates it (without a usable password, so it cannot log in
locally); every log-in brings its organisation and role up to date with the claims, and a change
of either is recorded in the audit chain with old and new values. Staff and superuser status are
never set from claims. See docs/authentication-oidc.md.
"""

import hashlib
import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from schakel.audit.models import AuditAction, Purpose
from schakel.audit.receivers import OIDC_FAILURE_ATTRIBUTE
from schakel.audit.services import record
from schakel.organisations.models import Organisation, Role, User

logger = logging.getLogger(__name__)

BACKEND = "schakel.dashboard.oidc.OIDCBackend"
DISCOVERY_CACHE_SECONDS = 3600
# Clock difference tolerated between Schakel and the provider when checking exp/iat.
LEEWAY_SECONDS = 30

NO_ORGANISATION = _(
    "Log-in through %(provider)s refused: the identity provider did not say which organisation "
    "you work for. Ask your functional administrator."
)
UNKNOWN_ORGANISATION = _(
    "Log-in through %(provider)s refused: your organisation is not known in Schakel. "
    "Ask your functional administrator."
)
NO_ROLE = _(
    "Log-in through %(provider)s refused: the identity provider gives you no role in Schakel. "
    "Ask your functional administrator."
)
SEVERAL_ROLES = _(
    "Log-in through %(provider)s refused: the identity provider gives you more than one role "
    "in Schakel. Ask your functional administrator."
)
BLOCKED = _("Log-in through %(provider)s refused: your account in Schakel is blocked.")
UNVERIFIABLE = _(
    "Log-in through %(provider)s failed: the answer of the identity provider could not be "
    "verified. Try again, or ask your functional administrator."
)
FAILED = _("Log-in through %(provider)s did not succeed. Try again.")


class Refusal(Exception):
    """A log-in through the identity provider that Schakel refuses, and why.

    `detail` goes into the audit chain (Dutch, no personal data); `message` is shown to the user.
    """

    def __init__(self, detail: str, message, account_id: int | None = None):
        super().__init__(detail)
        self.detail = detail
        self.message = message
        self.account_id = account_id


def is_enabled() -> bool:
    return bool(settings.SCHAKEL_OIDC_ISSUER and settings.SCHAKEL_OIDC_CLIENT_ID)


def provider_name() -> str:
    return settings.SCHAKEL_OIDC_PROVIDER_NAME


def message_text(message) -> str:
    return str(message) % {"provider": provider_name()}


def _discovery_document(issuer: str) -> dict:
    key = "schakel:oidc:discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    document = cache.get(key)
    if document is None:
        response = requests.get(
            issuer.rstrip("/") + "/.well-known/openid-configuration",
            timeout=settings.SCHAKEL_OIDC_TIMEOUT_SECONDS,
        )
        response.raise_for_status()
        document = response.json()
        # OpenID Connect Discovery 1.0, 4.3: the document must name the issuer it was asked for.
        if document.get("issuer") != issuer:
            raise SuspiciousOperation("The discovery document names another issuer.")
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def endpoints() -> dict[str, str]:
    """The provider's endpoints: those set in SCHAKEL_OIDC_ENDPOINTS, the rest discovered."""
    configured = settings.SCHAKEL_OIDC_ENDPOINTS
    if all(configured.get(name) for name in ("authorization", "token", "jwks")):
        return {name: configured.get(name, "") for name in DISCOVERY_FIELDS}
    document = _discovery_document(settings.SCHAKEL_OIDC_ISSUER)
    return {
        name: configured.get(name) or document.get(field, "")
        for name, field in DISCOVERY_FIELDS.items()
    }


DISCOVERY_FIELDS = {
    "authorization": "authorization_endpoint",
    "token": "token_endpoint",
    "userinfo": "userinfo_endpoint",
    "jwks": "jwks_uri",
    "end_session": "end_session_endpoint",
}

# mozilla-django-oidc reads its configuration through `get_settings(name)`; these names are
# answered from Schakel's settings and the discovered endpoints instead of OIDC_* settings.
_PROVIDER_SETTINGS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": lambda: endpoints()["authorization"],
    "OIDC_OP_TOKEN_ENDPOINT": lambda: endpoints()["token"],
    "OIDC_OP_USER_ENDPOINT": lambda: endpoints()["userinfo"],
    "OIDC_OP_JWKS_ENDPOINT": lambda: endpoints()["jwks"],
    # The ID token is kept in the session only to end the provider's session on log-out.
    "OIDC_STORE_ID_TOKEN": lambda: bool(endpoints()["end_session"]),
    "OIDC_RP_CLIENT_ID": lambda: settings.SCHAKEL_OIDC_CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": lambda: settings.SCHAKEL_OIDC_CLIENT_SECRET,
    "OIDC_RP_SIGN_ALGO": lambda: settings.SCHAKEL_OIDC_SIGN_ALGORITHM,
    "OIDC_RP_SCOPES": lambda: settings.SCHAKEL_OIDC_SCOPES,
    "OIDC_RP_IDP_SIGN_KEY": lambda: None,
    "OIDC_TIMEOUT": lambda: settings.SCHAKEL_OIDC_TIMEOUT_SECONDS,
    "OIDC_USE_PKCE": lambda: True,
    "OIDC_USE_NONCE": lambda: True,
    "OIDC_VERIFY_SSL": lambda: True,
    "OIDC_VERIFY_KID": lambda: True,
    "OIDC_ALLOW_UNSECURED_JWT": lambda: False,
    "OIDC_STORE_ACCESS_TOKEN": lambda: False,
    "OIDC_CREATE_USER": lambda: True,
    "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "oidc_authentication_callback",
    "LOGIN_REDIRECT_URL_FAILURE": lambda: reverse(settings.LOGIN_URL),
}


def provider_setting(name: str, *default):
    if name in _PROVIDER_SETTINGS:
        return _PROVIDER_SETTINGS[name]()
    return import_from_settings(name, *default)


def organisation_from_claims(claims: dict) -> Organisation:
    code = claims.get(settings.SCHAKEL_OIDC_ORGANISATION_CLAIM)
    if not isinstance(code, str) or not code.strip():
        raise Refusal("geen organisatie in de claims", NO_ORGANISATION)
    organisation = Organisation.objects.filter(code=code.strip()).first()
    if organisation is None:
        raise Refusal("organisatie onbekend", UNKNOWN_ORGANISATION)
    if not organisation.is_active:
        raise Refusal("organisatie niet actief", UNKNOWN_ORGANISATION)
    return organisation


def role_from_claims(claims: dict) -> str:
    """The one Schakel role that the role claim's values map to (SCHAKEL_OIDC_ROLES)."""
    value = claims.get(settings.SCHAKEL_OIDC_ROLE_CLAIM)
    if value is None:
        raise Refusal("geen rol in de claims", NO_ROLE)
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    table = settings.SCHAKEL_OIDC_ROLES
    roles = {table.get(item) for item in values if isinstance(item, str)} & set(Role.values)
    if not roles:
        raise Refusal("rol onbekend", NO_ROLE)
    if len(roles) > 1:
        raise Refusal("meer dan een rol", SEVERAL_ROLES)
    return roles.pop()


def _username(issuer: str, subject: str) -> str:
    # Derived from the identity, so it is stable and never collides with a local user name.
    return "oidc-" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:24]


def _changes(before: dict, after: dict) -> str:
    return "; ".join(
        f"{name}: {before.get(name)!r} -> {value!r}"
        for name, value in after.items()
        if before.get(name) != value
    )


def _create_account(issuer: str, subject: str) -> tuple[User, bool]:
    """The new account of an identity — or, when a simultaneous first log-in of the same identity
    (two tabs, a double click) created it a moment ago, that account, locked for the update."""
    try:
        with transaction.atomic():
            user = User(
                username=_username(issuer, subject), oidc_issuer=issuer, oidc_subject=subject
            )
            user.set_unusable_password()
            user.save()
            return user, True
    except IntegrityError:
        # The other log-in's transaction has committed (the unique index waited for it).
        user = User.objects.select_for_update().get(oidc_issuer=issuer, oidc_subject=subject)
        return user, False


@transaction.atomic
def user_for_claims(claims: dict) -> User:
    """The Schakel account of the identity in `claims`: found by issuer and subject, created on
    the first log-in, organisation and role brought up to date (and audited when they change)."""
    issuer = settings.SCHAKEL_OIDC_ISSUER
    subject = str(claims.get("sub") or "")
    if not subject:
        raise Refusal("geen subject", UNVERIFIABLE)
    user = User.objects.select_for_update().filter(oidc_issuer=issuer, oidc_subject=subject).first()
    account_id = user.pk if user else None
    try:
        organisation = organisation_from_claims(claims)
        role = role_from_claims(claims)
    except Refusal as refusal:
        refusal.account_id = account_id
        raise
    if user is not None and not user.is_active:
        raise Refusal("account geblokkeerd", BLOCKED, account_id)

    created = user is None
    if created:
        user, created = _create_account(issuer, subject)
        if not created and not user.is_active:
            raise Refusal("account geblokkeerd", BLOCKED, user.pk)
    before = {"organisation_id": user.organisation_id, "role": user.role}
    user.organisation = organisation
    user.role = role
    for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
        if isinstance(claims.get(claim), str):
            setattr(user, field, claims[claim][:150])
    if isinstance(claims.get("email"), str):
        user.email = claims["email"][:254]
    user.save()
    changes = _changes(before, {"organisation_id": user.organisation_id, "role": user.role})
    if created or changes:
        # No actor: the identity provider decided this, not someone in Schakel.
        record(
            None,
            AuditAction.CREATE if created else AuditAction.CHANGE,
            obj=user,
            purpose=Purpose.AUTHENTICATION,
            detail=f"identiteitsprovider: {changes}"[:500],
        )
    return user


class OIDCBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of the identity provider; answers nothing else.

    A backend class of its own (in AUTHENTICATION_BACKENDS beside the password backend), so that
    a session records that it was logged in through the identity provider.
    """

    get_settings = staticmethod(provider_setting)

    def __init__(self, *args, **kwargs):
        # mozilla-django-oidc reads the provider's endpoints here; Django builds every backend on
        # every log-in, so a password log-in would contact the provider. Read them when needed.
        self.UserModel = User

    def authenticate(self, request, **credentials):
        # Only the callback view passes exactly these; a password log-in never reaches the
        # provider, whatever its query string holds.
        if request is None or set(credentials) != {"nonce", "code_verifier"} or not is_enabled():
            return None
        try:
            super().__init__()
            return super().authenticate(request, **credentials)
        except Refusal as refusal:
            self._refuse(request, refusal)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, ValueError) as exc:
            logger.warning("OIDC log-in not verified: %s", type(exc).__name__)
            self._refuse(request, Refusal("antwoord niet te verifieren", UNVERIFIABLE))
        return None

    def _refuse(self, request, refusal: Refusal) -> None:
        setattr(
            request,
            OIDC_FAILURE_ATTRIBUTE,
            {
                "detail": f"identiteitsprovider: {refusal.detail}",
                "account_id": refusal.account_id,
                "message": refusal.message,
            },
        )

    def _verify_jws(self, payload, key):
        """The signature with the provider's key and the algorithm Schakel expects; and, beyond
        mozilla-django-oidc, the issuer, the audience (Schakel's client id) and the expiry."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        if jwt.get_unverified_header(payload).get("alg") != algorithm:
            raise SuspiciousOperation("Unexpected signing algorithm.")
        return jwt.decode(
            payload,
            key,
            algorithms=[algorithm],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.SCHAKEL_OIDC_ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # OpenID Connect Core 5.3.2: the userinfo answer must be about the same subject.
            if userinfo.get("sub") != payload.get("sub"):
                raise Refusal("userinfo over een ander subject", UNVERIFIABLE)
            claims.update({k: v for k, v in userinfo.items() if k not in ("iss", "aud")})
        return user_for_claims(claims)

    def get_user(self, user_id):
        # Django's rule (inactive users are logged out), not mozilla-django-oidc's.
        return ModelBackend.get_user(self, user_id)


@transaction.atomic
def link_identity(user: User, issuer: str, subject: str, *, keep_password: bool = False) -> None:
    """Link an existing account to an identity at the provider, so that the provider's log-in
    finds it; without `keep_password` the local password goes. Audited (without the subject)."""
    subject = subject.strip()
    if not subject:
        raise ValidationError("The subject is empty.")
    taken = User.objects.filter(oidc_issuer=issuer, oidc_subject=subject).exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError("Another account is already linked to this identity.")
    user.oidc_issuer, user.oidc_subject = issuer, subject
    if not keep_password:
        user.set_unusable_password()
    user.save()
    record(
        None,
        AuditAction.CHANGE,
        obj=user,
        purpose=Purpose.ADMINISTRATION,
        detail="gekoppeld aan de identiteitsprovider"
        + ("" if keep_password else "; lokaal wachtwoord verwijderd"),
    )
