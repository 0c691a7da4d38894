"""Log-in through the identity provider. The names are mozilla-django-oidc's."""

from django.urls import path

from . import oidc_views

urlpatterns = [
    path("", oidc_views.OIDCLoginView.as_view(), name="oidc_authentication_init"),
    path("terug/", oidc_views.OIDCCallbackView.as_view(), name="oidc_authentication_callback"),
]
