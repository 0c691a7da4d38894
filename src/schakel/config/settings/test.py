"""Test settings: fast hashing, no DEBUG; the database still comes from DATABASE_URL."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Documents go to a directory of this test run's own, removed when it ends.
SCHAKEL_DOCUMENTS_DIR = Path(tempfile.mkdtemp(prefix="schakel-test-documents-"))
atexit.register(shutil.rmtree, SCHAKEL_DOCUMENTS_DIR, ignore_errors=True)
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not SCHAKEL_DOCUMENTS_S3_BUCKET:  # noqa: F405 -- with a bucket, the documents go there
    STORAGES["documents"] = {
        **STORAGES["documents"],
        "OPTIONS": {"location": SCHAKEL_DOCUMENTS_DIR, "base_url": None},
    }
WHITENOISE_AUTOREFRESH = True

# The product speaks Dutch (base: LANGUAGE_CODE = "nl"); tests read the English source strings.
# A request that asks for Dutch (Accept-Language: nl) still gets the Dutch catalogue:
# tests/web/test_i18n.py checks that.
LANGUAGE_CODE = "en"

# Jobs run in the test's own process and transaction; tests that need the real worker start
# `manage.py worker` as a process with SCHAKEL_TASKS_BACKEND set to the database backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "SCHAKEL_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
