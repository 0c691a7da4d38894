"""Scoped API tokens for system clients: DRF authentication and the per-view scope check.

A system client sends `Authorization: Bearer <token>`. The token is looked up by its hash; an
unknown, revoked or expired token, or one whose service user is inactive, is answered 401. The
request then runs as the token's service user, so every visibility rule and every audit entry is
the same as for that user's session. On top of that, each API view declares `token_scopes`
(action or method -> `ApiScope`); `TokenScopePermission` refuses (403) a token without the scope
the action needs, and an action without a declared scope to every token.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission

from .models import ApiToken
from .services import hash_api_token, may_act_through_a_token

KEYWORD = "Bearer"
# last_used_at is written at most this often per token, not on every request.
_LAST_USED_RESOLUTION_SECONDS = 60


class ScopedTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # no token: the session (browser) may authenticate
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed token header."))
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Malformed token header.")) from None
        api_token = (
            ApiToken.objects.select_related("user", "user__organisation")
            .filter(token_hash=hash_api_token(token))
            .first()
        )
        now = timezone.now()
        if (
            api_token is None
            or api_token.revoked_at is not None
            or api_token.expires_at <= now
            or not may_act_through_a_token(api_token.user)
        ):
            raise exceptions.AuthenticationFailed(_("Unknown, revoked or expired token."))
        last = api_token.last_used_at
        if last is None or (now - last).total_seconds() >= _LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        return api_token.user, api_token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


def required_scope(view, request) -> str | None:
    """The scope this request needs: the view's `token_scopes` for its action (viewsets) or its
    HTTP method (other views); None when the view declares none."""
    action = getattr(view, "action", None) or request.method.lower()
    return (getattr(view, "token_scopes", None) or {}).get(action)


class TokenScopePermission(BasePermission):
    message = _("This token does not have the scope for this request.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True  # a session: the view's own rules decide
        scope = required_scope(view, request)
        return scope is not None and scope in request.auth.scopes


def READ(scope: str) -> dict[str, str]:  # noqa: N802 (reads as a declaration in the views)
    """`token_scopes` of a read-only viewset: list and retrieve need `scope`."""
    return {"list": scope, "retrieve": scope}


class ScopedTokenScheme(OpenApiAuthenticationExtension):
    """Names the token in the OpenAPI schema (security scheme "bearer")."""

    target_class = ScopedTokenAuthentication
    name = "scopedToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Scoped API token for system clients, issued by the beheerder.",
        }
