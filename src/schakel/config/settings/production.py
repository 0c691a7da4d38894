"""Production: refuses to start with the default secret key or with DEBUG on; no demo data."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DEBUG,
    INSECURE_DEFAULT_SECRET_KEY,
    INSECURE_DEVELOPMENT_AUDIT_KEY,
    SCHAKEL_AUDIT_KEY,
    SECRET_KEY,
    env_bool,
)

if SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("Set SECRET_KEY to a random value of at least 32 characters.")
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if SCHAKEL_AUDIT_KEY == INSECURE_DEVELOPMENT_AUDIT_KEY or len(SCHAKEL_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "Set SCHAKEL_AUDIT_KEY (or SCHAKEL_AUDIT_KEY_FILE) to a random value of at least 32"
        " characters, kept outside the database."
    )

# Demo data (and its accounts with a known password) has no place beside real personal data.
SCHAKEL_ALLOW_DEMO = False
# Every local (password) account gives a TOTP code after its password, whatever the environment
# says; accounts that log in through OpenID Connect get their second factor from the provider.
SCHAKEL_REQUIRE_2FA = True

# One JSON object per log line, unless the operator asks for plain text.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("LOG_FORMAT", "json")  # noqa: F405

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
