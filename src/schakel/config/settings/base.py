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
SECRET_KEY = (
    Path(os.environ["SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
    if os.environ.get("SECRET_KEY_FILE")  # a file from the secret store (compose.yaml)
    else os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
)

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
# A form sent with an expired token gets an explanation in the product's words (web/errors.py).
CSRF_FAILURE_VIEW = "schakel.web.errors.csrf_failure"
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
    "drf_spectacular_sidecar",
    "django_filters",  # the API's list filters (FilterSets per app, `<app>/filters.py`)  # Swagger UI and Redoc as static files (no CDN)
    "django_tasks",
    "django_tasks_db",
    # Two-factor log-in (TOTP); their admin is replaced by a reset action (organisations/admin.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "schakel.organisations",
    "schakel.access",
    "schakel.audit",
    "schakel.registry",
    "schakel.intake",
    "schakel.advice",
    "schakel.agenda",
    "schakel.triage",
    "schakel.cases",
    "schakel.conferences",
    "schakel.plans",
    "schakel.incidents",
    "schakel.areas",
    "schakel.targets",
    "schakel.linkage",
    "schakel.federation",
    "schakel.documents",
    "schakel.web",
    "schakel.jobs",
    "schakel.notifications",
    "schakel.work",
    "schakel.privacy",
    "schakel.dashboard",
    "schakel.demo",
]

MIDDLEWARE = [
    "schakel.web.logs.RequestIdMiddleware",
    "schakel.config.api.ApiVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "schakel.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "schakel.dashboard.twofactor.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Binds the request so audit entries carry the client's address and session (audit/context.py).
    "schakel.audit.context.AuditContextMiddleware",
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
                "schakel.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Form widgets (every <input>, <option>, error list) rendered by Jinja2 instead of Django's
# template engine: the case page rendered ~285 widget templates per request and took a third
# less time this way (docs/decisions.md, "Forms rendered by Jinja2"); the admin's widgets, which
# exist only as Django templates, still render through Django's engine (web/renderers.py).
FORM_RENDERER = "schakel.web.renderers.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'schakel.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not os.environ.get(
    "POSTGRES_JIT"
):
    # PostgreSQL's JIT compiles a query whose estimated cost is high; the visibility rules (an OR
    # of IN subqueries) are estimated very high at region size, and compiling them cost about a
    # second per page for queries that then ran in milliseconds (docs/benchmarks.md). Schakel's
    # queries are short: JIT off, unless POSTGRES_JIT is set.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default must hold with several web workers and the background worker writing
    # at once. Write-ahead logging lets readers go on while one writer writes; every transaction
    # takes the write lock when it begins (IMMEDIATE), so two transactions never both read and
    # then fail to upgrade to writing ("database is locked"); a writer waits up to
    # SQLITE_BUSY_TIMEOUT seconds for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA cache_size=-65536"
            ),
        }
    )
# One cache shared by every worker process, never one in each process's memory: the log-in lock,
# the public form's limit, the worker's heartbeat and the cached analyses must be the same for
# every gunicorn worker. By default the database (`manage.py createcachetable`, run by
# `manage.py prepare`; the test database gets it automatically); Redis when SCHAKEL_REDIS_URL is
# set (docs/operations.md, "A shared cache").
SCHAKEL_REDIS_URL = os.environ.get("SCHAKEL_REDIS_URL", "")
if SCHAKEL_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SCHAKEL_REDIS_URL,
            "KEY_PREFIX": "schakel",
            # A Redis that does not answer fails the request in seconds instead of hanging it.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "schakel_cache",
            # Django culls a third of the keys past MAX_ENTRIES (300 by default): a spray of
            # failed log-ins under random names could then evict the log-in locks. Expired keys
            # go first.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs go through Django's tasks API (the django-tasks backport). The database backend
# needs nothing beside the database; `manage.py worker` runs them (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SCHAKEL_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Uploaded files of jobs wait here (private, removed when the job ends) until the worker reads them.
SCHAKEL_JOB_DIR = Path(os.environ.get("SCHAKEL_JOB_DIR", VAR_DIR / "jobs"))
# A running job without a sign of life for this long is taken to be interrupted (its worker on
# another machine died). On the worker's own machine a dead process is noticed at once.
SCHAKEL_JOB_STALE_SECONDS = int(os.environ.get("SCHAKEL_JOB_STALE_SECONDS", "900"))
# Rows the incident import reads and checks at a time: more is faster and takes more memory;
# a job's progress moves once per block.
SCHAKEL_INCIDENT_CHUNK_ROWS = int(os.environ.get("SCHAKEL_INCIDENT_CHUNK_ROWS", "200000"))

# E-mail (notifications/mail.py): sent by the worker through Django's mail framework, never in a
# request. Production sends through SMTP with these variables; `make run` (settings/dev.py) writes
# each mail as a file under var/mail/. Mails carry no personal data, only a kind of work and a link.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")


def _email_password() -> str:
    password_file = os.environ.get("EMAIL_HOST_PASSWORD_FILE")
    if password_file:
        return Path(password_file).read_text(encoding="utf-8").strip()
    return os.environ.get("EMAIL_HOST_PASSWORD", "")


EMAIL_HOST_PASSWORD = _email_password()
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS (usually port 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # TLS from the start (usually port 465)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))  # seconds; a hung server is retried
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Schakel <schakel@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mail point here (the address users open Schakel at), without a trailing slash.
SCHAKEL_BASE_URL = os.environ.get("SCHAKEL_BASE_URL", "http://127.0.0.1:8000")
# A mail that cannot be sent is retried with a growing pause (this many seconds, doubled after
# each failure, at most an hour), up to SCHAKEL_MAIL_MAX_ATTEMPTS times.
SCHAKEL_MAIL_RETRY_SECONDS = int(os.environ.get("SCHAKEL_MAIL_RETRY_SECONDS", "60"))
SCHAKEL_MAIL_MAX_ATTEMPTS = int(os.environ.get("SCHAKEL_MAIL_MAX_ATTEMPTS", "48"))
# The worker sends reminders and retries mail this often (seconds); daily digests go out at the
# first run after this hour (local time).
SCHAKEL_REMINDER_INTERVAL_SECONDS = int(os.environ.get("SCHAKEL_REMINDER_INTERVAL_SECONDS", "300"))
SCHAKEL_DIGEST_HOUR = int(os.environ.get("SCHAKEL_DIGEST_HOUR", "7"))
# Reminders come this many days before a due date (and again when it has passed).
SCHAKEL_REMINDER_DAYS_BEFORE = int(os.environ.get("SCHAKEL_REMINDER_DAYS_BEFORE", "2"))
# The term within which the Veiligheidshuis answers an advice question (calendar days).
SCHAKEL_ADVICE_ANSWER_DAYS = int(os.environ.get("SCHAKEL_ADVICE_ANSWER_DAYS", "5"))
# A plan goal says nothing until its measurement holds this many days and this many incidents
# expected at the baseline rate (analytics/goals.py; issue 13: "nog te vroeg").
SCHAKEL_GOAL_MIN_DAYS = int(os.environ.get("SCHAKEL_GOAL_MIN_DAYS", "28"))
SCHAKEL_GOAL_MIN_EXPECTED = float(os.environ.get("SCHAKEL_GOAL_MIN_EXPECTED", "10"))

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
# Two-factor log-in (dashboard/twofactor.py). A user with a confirmed TOTP device always gives a
# code after the password; with SCHAKEL_REQUIRE_2FA every password log-in needs one, and a user
# without a device enrols first. Always on in production (settings/production.py); off here so
# that the demo log-ins of `make run` work with a password alone.
SCHAKEL_REQUIRE_2FA = env_bool("SCHAKEL_REQUIRE_2FA", False)
# The log-in backends that check a password: sessions they made need the second factor. Any other
# backend (OpenID Connect) leaves the second factor to the identity provider.
SCHAKEL_PASSWORD_BACKENDS = [
    "schakel.dashboard.backends.LockoutModelBackend",
    "django.contrib.auth.backends.ModelBackend",
]
OTP_TOTP_ISSUER = "Schakel"
# API tokens (organisations/tokens.py) are issued for at most this many days.
SCHAKEL_API_TOKEN_MAX_DAYS = int(os.environ.get("SCHAKEL_API_TOKEN_MAX_DAYS", "365"))

# Reverse proxies in front of Schakel whose X-Forwarded-For is believed (addresses or networks,
# comma-separated: "10.0.0.5,192.168.10.0/24"). Empty: REMOTE_ADDR is the client. The audit log's
# client address, the log-in lock per address and the public form's limit all use it
# (schakel.lib.clientaddress).
SCHAKEL_TRUSTED_PROXIES = [
    value.strip()
    for value in os.environ.get("SCHAKEL_TRUSTED_PROXIES", "").split(",")
    if value.strip()
]
# The public report form refuses a submission sooner than this many seconds after the form was
# shown (a script, not a resident) or later than SCHAKEL_PUBLIC_FORM_MAX_AGE seconds.
SCHAKEL_PUBLIC_FORM_MIN_SECONDS = int(os.environ.get("SCHAKEL_PUBLIC_FORM_MIN_SECONDS", "3"))
SCHAKEL_PUBLIC_FORM_MAX_AGE = int(os.environ.get("SCHAKEL_PUBLIC_FORM_MAX_AGE", str(4 * 3600)))
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
# Each variable spelled out, so that docs/settings.md and its test find every one.
SCHAKEL_OIDC_ENDPOINTS = {
    "authorization": os.environ.get("SCHAKEL_OIDC_AUTHORIZATION_ENDPOINT", ""),
    "token": os.environ.get("SCHAKEL_OIDC_TOKEN_ENDPOINT", ""),
    "userinfo": os.environ.get("SCHAKEL_OIDC_USERINFO_ENDPOINT", ""),
    "jwks": os.environ.get("SCHAKEL_OIDC_JWKS_ENDPOINT", ""),
    "end_session": os.environ.get("SCHAKEL_OIDC_END_SESSION_ENDPOINT", ""),
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

# Documents (reports, letters, photos) lie outside the web root and are served only through
# Schakel's own download view, which checks access and audits (documents/views.py).
SCHAKEL_DOCUMENTS_DIR = Path(os.environ.get("SCHAKEL_DOCUMENTS_DIR", VAR_DIR / "documents"))
SCHAKEL_DOCUMENT_MAX_MB = int(os.environ.get("SCHAKEL_DOCUMENT_MAX_MB", "10"))
DATA_UPLOAD_MAX_MEMORY_SIZE = (SCHAKEL_DOCUMENT_MAX_MB + 1) * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": SCHAKEL_DOCUMENTS_DIR, "base_url": None},
    },
}
# Or in S3-compatible object storage (django-storages; config/storage.py), when a bucket is set.
SCHAKEL_DOCUMENTS_S3_BUCKET = os.environ.get("SCHAKEL_DOCUMENTS_S3_BUCKET", "")
if SCHAKEL_DOCUMENTS_S3_BUCKET:
    from schakel.config.storage import documents_s3_storage

    STORAGES["documents"] = documents_s3_storage(
        {
            "SCHAKEL_DOCUMENTS_S3_BUCKET": SCHAKEL_DOCUMENTS_S3_BUCKET,
            "SCHAKEL_DOCUMENTS_S3_ENDPOINT": os.environ.get("SCHAKEL_DOCUMENTS_S3_ENDPOINT", ""),
            "SCHAKEL_DOCUMENTS_S3_REGION": os.environ.get("SCHAKEL_DOCUMENTS_S3_REGION", ""),
            "SCHAKEL_DOCUMENTS_S3_ACCESS_KEY": os.environ.get(
                "SCHAKEL_DOCUMENTS_S3_ACCESS_KEY", ""
            ),
            "SCHAKEL_DOCUMENTS_S3_SECRET_KEY": os.environ.get(
                "SCHAKEL_DOCUMENTS_S3_SECRET_KEY", ""
            ),
            "SCHAKEL_DOCUMENTS_S3_PREFIX": os.environ.get(
                "SCHAKEL_DOCUMENTS_S3_PREFIX", "documents"
            ),
        }
    )

# Sessions and cookies: short-lived, HTTP-only, CSRF always on.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
# Beside the absolute age: a session unused this long ends (web/middleware.py).
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
# How often an open page asks for its counters again (the notifications badge), in seconds.
SCHAKEL_COUNTER_POLL_SECONDS = int(os.environ.get("SCHAKEL_COUNTER_POLL_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    # List filters are FilterSets (django-filter): validated, in the schema, 400 when wrong.
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # No HTTP Basic: a password sent with every request can be guessed and replayed. The browser
    # uses its session; system clients a scoped token (organisations/tokens.py). The token class
    # comes first so that a refused token is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "schakel.organisations.tokens.ScopedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "schakel.organisations.tokens.TokenScopePermission",
    ],
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
    # API Design Rules: the major version in the server URL (API-20), paths relative to it.
    "SERVERS": [{"url": "/api/v1", "description": "Schakel API, version 1"}],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "CONTACT": {"name": "Functioneel beheer of the organisation that runs this installation"},
    "TAGS": [
        {"name": "organisations", "description": "Partners and their kinds."},
        {"name": "persons", "description": "Persons you may see; searched by POST to _zoek."},
        {"name": "signals", "description": "Signals, their triage."},
        {"name": "handovers", "description": "Signals handed over to a partner (levels 1, 2)."},
        {"name": "advice-questions", "description": "Advice asked of a Veiligheidshuis."},
        {"name": "already-known", "description": "Is a person known in an open case?"},
        {"name": "cases", "description": "Cases you take part in."},
        {"name": "conferences", "description": "Case conferences."},
        {"name": "interventions", "description": "Interventions of action plans."},
        {"name": "notifications", "description": "Your notifications."},
        {"name": "tasks", "description": "Your open work (Mijn werk)."},
        {"name": "documents", "description": "Documents kept with cases: details, content."},
    ],
    # Every response's API-Version header and every operation's problem answers (config/api.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "schakel.config.api.document_design_rules",
    ],
    # Interactive documentation from vendored static files: nothing loaded from a CDN (issue 12).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
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
# Logs go to standard output: JSON lines (LOG_FORMAT=json, the default in production) or plain
# text, each record with the id of the request it belongs to (web/logs.py). No personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "schakel.web.logs.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "schakel.web.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Demo log-ins exist only when demo data is loaded (`manage.py load_demo`).
SCHAKEL_DEMO_PASSWORD = "demo"  # noqa: S105
# Whether fictional demo data may be loaded here, and its log-ins offered on the log-in page.
# Always off in production (settings/production.py), whatever the environment says.
SCHAKEL_ALLOW_DEMO = env_bool("SCHAKEL_ALLOW_DEMO", True)

# Plausible dates (schakel.lib.plausible): events (incidents, offences, decisions) before this day
# are refused by every import and form, and left out of the analyses (YYYY-MM-DD).
SCHAKEL_EARLIEST_EVENT_DATE = os.environ.get("SCHAKEL_EARLIEST_EVENT_DATE", "1990-01-01")

# "Already known?": questions one user may ask a day; the first one over it is refused and is
# flagged to the privacy officer in the audit log (object type linkage.already_known.alert).
SCHAKEL_ALREADY_KNOWN_PER_DAY = int(os.environ.get("SCHAKEL_ALREADY_KNOWN_PER_DAY", "25"))

# "Already known?" across Veiligheidshuizen (docs/privacy-preserving-linkage.md, "Federation").
# This installation's name as its peers show it; the secret the installations agree on (from
# the environment or, better, a file only Schakel's process can read: never in the database);
# the key epoch (a new one retires every index); indexes are padded to a multiple of the block.
SCHAKEL_FEDERATION_NAME = os.environ.get("SCHAKEL_FEDERATION_NAME", "")
SCHAKEL_FEDERATION_KEY = os.environ.get("SCHAKEL_FEDERATION_KEY", "")
SCHAKEL_FEDERATION_KEY_FILE = os.environ.get("SCHAKEL_FEDERATION_KEY_FILE", "")
SCHAKEL_FEDERATION_EPOCH = os.environ.get("SCHAKEL_FEDERATION_EPOCH", "")
SCHAKEL_FEDERATION_INDEX_BLOCK = int(os.environ.get("SCHAKEL_FEDERATION_INDEX_BLOCK", "256"))
SCHAKEL_FEDERATION_FETCH_TIMEOUT = float(os.environ.get("SCHAKEL_FEDERATION_FETCH_TIMEOUT", "10"))

# Base map of the area maps (Leaflet). An XYZ tile URL; the default is PDOK's BRT Achtergrondkaart
# (WMTS, web mercator). Empty: no base map — the maps still draw areas and hot-spot cells.
SCHAKEL_MAP_TILE_URL = os.environ.get(
    "SCHAKEL_MAP_TILE_URL",
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
)

# Retention (docs/retention.md): how long each kind of record is kept, in whole years, counted
# from the date named there. `manage.py destroy_expired` deletes what has passed its period; the
# privacy officer sees the schedule, a preview and the destruction log under /audit/bewaartermijnen/.
# The periods follow the Zorg- en Veiligheidshuis privacy convenant; change them only on the
# convenant's word (a shorter period destroys data on the next run, irreversibly).


def env_years(name: str, default: int) -> int:
    years = int(os.environ.get(name, str(default)))
    if years < 1:
        raise ValueError(f"{name} must be at least 1 year, not {years}.")
    return years


def env_years_by_source(name: str, default: str = "") -> dict[str, int]:
    """'OM=5,politie=3' -> {'OM': 5, 'politie': 3}: a period per registration source."""
    periods = {}
    for item in env_list(name, default):
        source, _sep, years = item.partition("=")
        if not source.strip() or int(years) < 1:
            raise ValueError(f"{name}: '{item}' is not 'source=years' with at least 1 year.")
        periods[source.strip()] = int(years)
    return periods


SCHAKEL_RETENTION_FINISHED_CASE_YEARS = env_years("SCHAKEL_RETENTION_FINISHED_CASE_YEARS", 5)
SCHAKEL_RETENTION_SIGNAL_WITHOUT_CASE_YEARS = env_years(
    "SCHAKEL_RETENTION_SIGNAL_WITHOUT_CASE_YEARS", 1
)
SCHAKEL_RETENTION_REGISTRATION_YEARS = env_years("SCHAKEL_RETENTION_REGISTRATION_YEARS", 5)
SCHAKEL_RETENTION_REGISTRATION_YEARS_BY_SOURCE = env_years_by_source(
    "SCHAKEL_RETENTION_REGISTRATION_YEARS_BY_SOURCE"
)
# NEN 7513 asks at least five years for the log of who saw what; not destroyed by the job
# (docs/retention.md, "Audit entries").
SCHAKEL_RETENTION_AUDIT_YEARS = max(5, env_years("SCHAKEL_RETENTION_AUDIT_YEARS", 5))
