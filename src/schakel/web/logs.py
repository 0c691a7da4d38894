"""Logs an operator can search: one JSON object per line, each with the request's id.

`RequestIdMiddleware` takes the id a proxy sent in `X-Request-ID` (when it looks like one) or
makes one, puts it on every log record written while the request runs, and returns it in the
response, so one request can be followed from the proxy through gunicorn to the worker's logs.
Log records carry no personal data: messages use ids, never names or BSNs, and the request's
query string is never logged (personal data is searched by POST).
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"


def request_started(sender, environ=None, **kwargs) -> None:
    """Connected to Django's `request_started` (web/apps.py): the id is set before any middleware
    runs and kept until `request_finished`, so that Django's own log line about the response
    (written after the middleware) carries it too."""
    offered = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    request_id_var.set(offered if _VALID_ID.match(offered) else uuid.uuid4().hex)


def request_finished(sender, **kwargs) -> None:
    request_id_var.set("")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_var.get()
        if not request_id:  # a request that did not come through a handler (RequestFactory)
            request_id = uuid.uuid4().hex
            request_id_var.set(request_id)
        request.request_id = request_id
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, and the exception's type and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", "")
        if request_id:
            entry["request_id"] = request_id
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else ""
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
