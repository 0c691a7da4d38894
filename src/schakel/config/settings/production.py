"""Production: refuses to start with the default secret key or with DEBUG on; no demo data."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DEBUG,
    INSECURE_DEFAULT_SECRET_KEY,
    INSECURE_DEVELOPMENT_AUDIT_KEY,
    SCHAKEL_AUDIT_KEY,
    SCHAKEL_OIDC_CLIENT_ID,
    SCHAKEL_OIDC_CLIENT_SECRET,
    SCHAKEL_OIDC_ENDPOINTS,
    SCHAKEL_OIDC_ISSUER,
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

# Log-in through the identity provider (docs/authentication-oidc.md): only over HTTPS, and as a
# confidential client with its secret.
if SCHAKEL_OIDC_ISSUER and SCHAKEL_OIDC_CLIENT_ID:
    if not SCHAKEL_OIDC_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "Set SCHAKEL_OIDC_CLIENT_SECRET_FILE (or SCHAKEL_OIDC_CLIENT_SECRET) for the log-in"
            " through the identity provider."
        )
    for url in (SCHAKEL_OIDC_ISSUER, *SCHAKEL_OIDC_ENDPOINTS.values()):
        if url and not url.startswith("https://"):
            raise ImproperlyConfigured(f"SCHAKEL_OIDC_*: the identity provider over HTTPS ({url}).")

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
    **STORAGES,  # noqa: F405 (the documents storage from base)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
