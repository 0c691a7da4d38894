"""Where a request came from, for the audit entries written while it is handled.

`AuditContextMiddleware` binds the current request in a context variable, so `record(...)` can
add the client's address and a session reference without every service being passed the request.
The session reference is a keyed hash (HMAC with the audit key) of the session key: it links the
entries of one session without storing anything that would let someone take the session over.
A client authenticated by a token (an object with a `prefix`, set by DRF as `request.auth`) is
referenced by that token prefix instead. Outside a request (commands, jobs) both are empty.
"""

import hashlib
import hmac
from contextvars import ContextVar

from schakel.lib.clientaddress import client_address

from .chain import audit_key

_current_request: ContextVar = ContextVar("schakel_audit_request", default=None)
SESSION_REF_LENGTH = 32


def session_ref_for(session_key: str) -> str:
    digest = hmac.new(audit_key(), f"session:{session_key}".encode(), hashlib.sha256)
    return "s:" + digest.hexdigest()[:SESSION_REF_LENGTH]


def _session_ref(request) -> str:
    token_prefix = getattr(getattr(request, "auth", None), "prefix", "")
    if token_prefix:
        return f"t:{token_prefix}"[:64]
    session = getattr(request, "session", None)
    # Read when the entry is written, not when the request came in: logging in gives the
    # session a new key, and the log-in entry belongs to the new session.
    session_key = getattr(session, "session_key", None)
    return session_ref_for(session_key) if session_key else ""


def request_origin() -> dict:
    """{"client_address": ..., "session_ref": ...} of the request being handled, else empty."""
    request = _current_request.get()
    if request is None:
        return {"client_address": "", "session_ref": ""}
    return {"client_address": client_address(request)[:45], "session_ref": _session_ref(request)}


class AuditContextMiddleware:
    """Binds the request for `request_origin()`; place it after the session and auth middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
