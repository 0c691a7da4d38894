"""`GET /federatie/index`: the index a peer fetches, with the token this installation gave it.

No session, no cookies: a peer's server calls it. 410 once this installation has left, so that
every peer drops its copy; 401 without a valid token; 404 when nothing is published for the
current epoch.
"""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import services


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@never_cache
@require_GET
def index(request):
    if services.has_left():
        return HttpResponse(status=410)
    peer = services.peer_for_token(_bearer(request))
    if peer is None:
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="schakel-federation"'
        return response
    if not services.is_configured():
        return HttpResponse(status=404)
    published = services.current_publication()
    if published is None:
        return HttpResponse(status=404)
    return JsonResponse(services.serve_index(peer=peer, published=published))
