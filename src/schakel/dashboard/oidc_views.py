"""The log-in through the identity provider (start and callback) and a log-out that also ends
the provider's session when the provider offers that (RP-initiated log-out)."""

from urllib.parse import urlencode

import requests
from django.contrib import messages
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth import views as auth_views
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from schakel.audit.receivers import OIDC_FAILURE_ATTRIBUTE

from . import oidc

PROVIDER_UNREACHABLE = (requests.RequestException, SuspiciousOperation, ValueError, KeyError)


class OIDCLoginView(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider's authorization endpoint."""

    get_settings = staticmethod(oidc.provider_setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoints are read per request, in get()

    def get(self, request):
        if not oidc.is_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc.provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = oidc.provider_setting("OIDC_RP_CLIENT_ID")
        except PROVIDER_UNREACHABLE:
            messages.error(request, oidc.message_text(oidc.FAILED))
            return redirect("login")
        return super().get(request)


class OIDCCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here with the code; a refusal is shown on the log-in
    page with its reason (oidc.Refusal) and audited as a failed log-in."""

    get_settings = staticmethod(oidc.provider_setting)

    def get(self, request):
        if not oidc.is_enabled():
            raise Http404
        return super().get(request)

    def login_failure(self):
        failure = getattr(self.request, OIDC_FAILURE_ATTRIBUTE, None)
        messages.error(
            self.request, oidc.message_text(failure["message"] if failure else oidc.FAILED)
        )
        return redirect("login")


class LogoutView(auth_views.LogoutView):
    """Django's log-out; after a log-in through the identity provider it goes on to the
    provider's end_session endpoint, which comes back to Schakel's log-in page."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get("oidc_id_token")
        through_provider = request.session.get(BACKEND_SESSION_KEY) == oidc.BACKEND
        response = super().post(request, *args, **kwargs)
        if not (id_token and through_provider and oidc.is_enabled()):
            return response
        try:
            end_session = oidc.endpoints()["end_session"]
        except PROVIDER_UNREACHABLE:
            return response
        if not end_session:
            return response
        query = urlencode(
            {
                "id_token_hint": id_token,
                "client_id": oidc.provider_setting("OIDC_RP_CLIENT_ID"),
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
            }
        )
        return HttpResponseRedirect(f"{end_session}?{query}")
