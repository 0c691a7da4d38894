"""Settings shared by every environment, read from environment variables (12-factor).

Each environment module (dev, test, production) imports this one and changes only what differs.
"""

import hashlib
import json
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[4]  # repository root
SRC_DIR = BASE_DIR / "src" / "schakel"
VAR_DIR = Path(os.environ.get("SCHAKEL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


INSECURE_DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)

# The audit chain's key (HMAC-SHA256, see audit/chain.py). It never lives in the database: an
# attacker who can write the database cannot recompute the chain without it. Set it in the
# environment (SCHAKEL_AUDIT_KEY) or name a file holding it (SCHAKEL_AUDIT_KEY_FILE). Development
# and tests derive a fixed key; production refuses to start with it (production.py).
INSECURE_DEVELOPMENT_AUDIT_KEY = hashlib.sha256(b"schakel-development-audit-key").hexdigest()


def _audit_key() -> str:
    key_file = os.environ.get("SCHAKEL_AUDIT_KEY_FILE")
    if key_file:
        return Path(key_file).read_text(encoding="utf-8").strip()
    return os.environ.get("SCHAKEL_AUDIT_KEY", INSECURE_DEVELOPMENT_AUDIT_KEY)


SCHAKEL_AUDIT_KEY = _audit_key()
# Signed checkpoints of the chain head (`manage.py audit_checkpoint`): outside the database, so a
# truncated log or a restore from an old backup is noticed. Back this directory up separately.
SCHAKEL_AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("SCHAKEL_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")
)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "schakel.organisations",
    "schakel.access",
    "schakel.audit",
    "schakel.registry",
    "schakel.intake",
    "schakel.triage",
    "schakel.cases",
    "schakel.conferences",
    "schakel.plans",
    "schakel.incidents",
    "schakel.areas",
    "schakel.targets",
    "schakel.linkage",
    "schakel.web",
    "schakel.privacy",
    "schakel.dashboard",
    "schakel.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "schakel.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "schakel.web.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "schakel.config.urls"
WSGI_APPLICATION = "schakel.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schakel.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'schakel.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# One cache shared by every worker process: the database (`manage.py createcachetable`, run by
# `make run`; the test database gets it automatically). The log-in lock counts failures here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "schakel_cache",
        # Django culls a third of the keys past MAX_ENTRIES (300 by default): a spray of failed
        # log-ins under random names could then evict the log-in locks. Expired keys go first.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisations.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Every log-in goes through the lock against password guessing (dashboard/lockout.py).
AUTHENTICATION_BACKENDS = [
    "schakel.dashboard.backends.LockoutModelBackend",
    # Log-in through the identity provider: a backend of its own, so that a session can tell how
    # it was logged in (two-factor is the provider's business there). Inert unless configured.
    "schakel.dashboard.oidc.OIDCBackend",
]
SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("SCHAKEL_LOGIN_FAILURES_PER_ACCOUNT", "5"))
SCHAKEL_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("SCHAKEL_LOGIN_FAILURES_PER_ADDRESS", "20"))
SCHAKEL_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("SCHAKEL_LOGIN_LOCKOUT_SECONDS", "900"))
# Log-in through the municipality's identity provider with OpenID Connect (dashboard/oidc.py,
# docs/authentication-oidc.md). Off unless both SCHAKEL_OIDC_ISSUER and SCHAKEL_OIDC_CLIENT_ID
# are set; then the log-in page offers "Inloggen via <SCHAKEL_OIDC_PROVIDER_NAME>". The endpoints
# come from the issuer's discovery document unless set one by one below.
SCHAKEL_OIDC_ISSUER = os.environ.get("SCHAKEL_OIDC_ISSUER", "")  # exactly as the provider says
SCHAKEL_OIDC_CLIENT_ID = os.environ.get("SCHAKEL_OIDC_CLIENT_ID", "")


def _oidc_client_secret() -> str:
    secret_file = os.environ.get("SCHAKEL_OIDC_CLIENT_SECRET_FILE")
    if secret_file:
        return Path(secret_file).read_text(encoding="utf-8").strip()
    return os.environ.get("SCHAKEL_OIDC_CLIENT_SECRET", "")


SCHAKEL_OIDC_CLIENT_SECRET = _oidc_client_secret()
SCHAKEL_OIDC_ENDPOINTS = {
    name: os.environ.get(f"SCHAKEL_OIDC_{name.upper()}_ENDPOINT", "")
    for name in ("authorization", "token", "userinfo", "jwks", "end_session")
}
SCHAKEL_OIDC_SCOPES = os.environ.get("SCHAKEL_OIDC_SCOPES", "openid profile email")
SCHAKEL_OIDC_SIGN_ALGORITHM = os.environ.get("SCHAKEL_OIDC_SIGN_ALGORITHM", "RS256")
SCHAKEL_OIDC_PROVIDER_NAME = os.environ.get("SCHAKEL_OIDC_PROVIDER_NAME", "de gemeente")
SCHAKEL_OIDC_TIMEOUT_SECONDS = int(os.environ.get("SCHAKEL_OIDC_TIMEOUT_SECONDS", "10"))
# The claim holding the organisation's code (Organisation.code, set by the beheerder).
SCHAKEL_OIDC_ORGANISATION_CLAIM = os.environ.get(
    "SCHAKEL_OIDC_ORGANISATION_CLAIM", "schakel_organisation"
)
# The claim holding the user's role(s) — a string or a list such as "groups" — and the table that
# maps its values to Schakel's roles (organisations.models.Role). Exactly one role must result.
SCHAKEL_OIDC_ROLE_CLAIM = os.environ.get("SCHAKEL_OIDC_ROLE_CLAIM", "groups")
SCHAKEL_OIDC_ROLES = json.loads(
    os.environ.get("SCHAKEL_OIDC_ROLES", "")
    or json.dumps(
        {
            f"schakel-{role}": role
            for role in (
                "procesregisseur",
                "coordinator",
                "professional",
                "analist",
                "beheerder",
                "auditor",
            )
        }
    )
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Sessions and cookies: short-lived, HTTP-only, CSRF always on.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
# Beside the absolute age: a session unused this long ends (web/middleware.py).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    # Sessions only (the browser). No HTTP Basic: a password sent with every request can be
    # guessed and replayed. System clients will get scoped tokens (a later item of issue 9).
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "schakel.config.api.schakel_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Schakel API",
    "DESCRIPTION": "Samenwerken in en rond het Zorg- en Veiligheidshuis.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One named enum per choice set, so that every "status" field says which workflow it follows.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "schakel.cases.workflow.CaseStatus",
        "SignalStatusEnum": "schakel.intake.workflow.SignalStatus",
        "SignalUrgencyEnum": "schakel.intake.models.Signal.Urgency",
        "ConferenceStatusEnum": "schakel.conferences.workflow.ConferenceStatus",
        "InterventionStatusEnum": "schakel.plans.workflow.InterventionStatus",
        "DataCategoryEnum": "schakel.organisations.models.DataCategory",
        "OrganisationKindEnum": "schakel.organisations.models.OrganisationKind",
        "CaseEventKindEnum": "schakel.cases.models.CaseEvent.Kind",
    },
}

# Application logs carry no personal data: only ids and event names (see docs/architecture.md).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Demo log-ins exist only when demo data is loaded (`manage.py load_demo`).
SCHAKEL_DEMO_PASSWORD = "demo"  # noqa: S105
# Whether fictional demo data may be loaded here, and its log-ins offered on the log-in page.
# Always off in production (settings/production.py), whatever the environment says.
SCHAKEL_ALLOW_DEMO = env_bool("SCHAKEL_ALLOW_DEMO", True)

# "Already known?": questions one user may ask a day; the first one over it is refused and is
# flagged to the privacy officer in the audit log (object type linkage.already_known.alert).
SCHAKEL_ALREADY_KNOWN_PER_DAY = int(os.environ.get("SCHAKEL_ALREADY_KNOWN_PER_DAY", "25"))

# Base map of the area maps (Leaflet). An XYZ tile URL; the default is PDOK's BRT Achtergrondkaart
# (WMTS, web mercator). Empty: no base map — the maps still draw areas and hot-spot cells.
SCHAKEL_MAP_TILE_URL = os.environ.get(
    "SCHAKEL_MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)
