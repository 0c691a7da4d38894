"""A tiny, separate Django project that is a real OpenID Connect provider (django-oauth-toolkit).

The OIDC log-in tests start it as a subprocess (`python -m tests.oidc_provider.serve`) and let
Schakel, running in pytest-django's live server, log in against it: discovery, the provider's
log-in form, the authorization code with PKCE, an RS256-signed ID token, the JWKS and userinfo
endpoints and RP-initiated log-out are the provider's own, not mocked.
"""
