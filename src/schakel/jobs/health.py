"""`/health/` (the process answers) and `/health/ready/` (database and worker reachable).

For the load balancer and the container orchestrator: no log-in, no personal data, JSON.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import heartbeat


@never_cache
@require_GET
def live(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def ready(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001 — any failure means: not ready
        checks["database"] = "unreachable"
    try:
        checks["worker"] = "ok" if heartbeat.worker_alive() else "no heartbeat"
    except Exception:  # noqa: BLE001 — the cache lives in the database
        checks["worker"] = "unknown"
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", **checks}, status=200 if ok else 503
    )
