"""Local development and the embedded demo run (`make run`): SQLite under var/.

DEBUG is off unless `DEBUG=1` is set: `make run` shows a demo user Schakel's own error pages,
not Django's debug page with its internals and URL patterns (issue 12). Static files are served
by WhiteNoise straight from the apps' static folders, so no `collectstatic` is needed.
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DEBUG", False)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
VAR_DIR.mkdir(parents=True, exist_ok=True)
# `make run` sends no real mail: each one is written as a file under var/mail/ (README).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
