"""Start the test OIDC provider: `python -m tests.oidc_provider.serve`.

Binds a free port on 127.0.0.1, creates its database, its users (OIDC_PROVIDER_USERS) and the
Application registered for Schakel (client id `schakel`, redirect OIDC_PROVIDER_REDIRECT_URI),
then prints `READY <port>` and serves until it is terminated.
"""

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

CLIENT_ID = "schakel"
CLIENT_SECRET = "schakel-test-secret"  # noqa: S105


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


def _create_users_and_application() -> None:
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    from tests.oidc_provider.validator import provider_users

    for user in provider_users():
        User.objects.create_user(user["username"], password=user["password"])
    Application.objects.create(
        name="Schakel",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_PROVIDER_REDIRECT_URI"],
        post_logout_redirect_uris=os.environ.get("OIDC_PROVIDER_POST_LOGOUT_REDIRECT_URI", ""),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main() -> None:
    server = make_server(
        "127.0.0.1", 0, None, server_class=ThreadingServer, handler_class=QuietHandler
    )
    port = server.server_address[1]
    os.environ["OIDC_PROVIDER_ISSUER"] = f"http://127.0.0.1:{port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"

    import django
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    _create_users_and_application()
    server.set_app(get_wsgi_application())
    print(f"READY {port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
