"""The idle timeout: a logged-in session unused for SESSION_IDLE_TIMEOUT seconds is logged out.

SESSION_COOKIE_AGE stays the absolute limit. The time of the last request is kept in the session
(to the minute, so that not every request writes the session). A request the page makes by
itself (htmx polling a counter, header `X-Schakel-Background: 1`) is not activity: an open tab
does not keep a session alive.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_ACTIVITY_KEY = "schakel_last_activity"
#: The header htmx sends with a poll the page makes by itself (web/_header_link, counters).
BACKGROUND_HEADER = "X-Schakel-Background"
_RESOLUTION_SECONDS = 60


def is_background(request) -> bool:
    return request.headers.get(BACKGROUND_HEADER) == "1"


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)  # audited as a log-out (audit/receivers.py)
                messages.info(request, _("You were logged out after a period of inactivity."))
            elif is_background(request):
                pass  # a counter's poll is not the user's activity: it keeps no session alive
            elif last is None or now - last >= _RESOLUTION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
