"""Test settings: fast hashing, no DEBUG; the database still comes from DATABASE_URL."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# The product speaks Dutch (base: LANGUAGE_CODE = "nl"); tests read the English source strings.
# A request that asks for Dutch (Accept-Language: nl) still gets the Dutch catalogue:
# tests/web/test_i18n.py checks that.
LANGUAGE_CODE = "en"
