"""What every API view shares: service errors become HTTP answers, in the shape the Logius API
Design Rules ask for.

Services raise Django's `ValidationError` and `PermissionDenied` (see `access.errors`); DRF already
turns `PermissionDenied` into 403 and `Http404` into 404, and this handler adds `ValidationError`
as a 400 with its messages, per field where the service named one. Every error is then written as
problem details (RFC 9457, `application/problem+json`; rule API-46): `type`, `title`, `status`,
`detail`, and for wrong fields `invalid-params` (`name`, `reason`). Every API answer carries the
API's version in an `API-Version` header (rule API-57; `ApiVersionMiddleware`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"


def schakel_exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: map service errors onto DRF's answers, as problems."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_validation_detail(exc))
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _problem(response.status_code, response.data)
        request = context.get("request")
        renderer = getattr(request, "accepted_renderer", None)
        if renderer is None or getattr(renderer, "format", "json") == "json":
            response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _titles() -> dict[int, str]:
    return {
        400: _("The request holds invalid input."),
        401: _("Not logged in."),
        403: _("Not allowed."),
        404: _("Not found."),
        405: _("This method is not allowed here."),
        406: _("This format cannot be delivered."),
        415: _("This content type is not accepted."),
        429: _("Too many requests."),
    }


def _problem(status: int, data) -> dict:
    invalid: list[dict[str, str]] = []
    general: list[str] = []
    if isinstance(data, dict) and set(data) != {"detail"}:
        for name, messages in data.items():
            _collect(name, messages, invalid, general)
    elif isinstance(data, list):
        general.extend(str(message) for message in data)
    elif isinstance(data, dict):
        general.append(str(data["detail"]))
    title = _titles().get(status, _("The request could not be handled."))
    problem = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": " ".join(general) or (_("Check the fields named.") if invalid else title),
    }
    if invalid:
        problem["invalid-params"] = invalid
    return problem


def _collect(name: str, messages, invalid: list, general: list) -> None:
    """Flatten DRF's field errors (nested for nested serializers and lists) into name/reason."""
    if name == api_settings.NON_FIELD_ERRORS_KEY:
        for message in messages if isinstance(messages, list) else [messages]:
            general.append(str(message))
        return
    if isinstance(messages, dict):
        for key, inner in messages.items():
            inner_name = name if key == api_settings.NON_FIELD_ERRORS_KEY else f"{name}.{key}"
            _collect(inner_name, inner, invalid, general if inner_name == name else [])
        return
    if isinstance(messages, list) and messages and not all(isinstance(m, str) for m in messages):
        for index, inner in enumerate(messages):
            if inner:
                _collect(f"{name}.{index}", inner, invalid, [])
        return
    for message in messages if isinstance(messages, list) else [messages]:
        invalid.append({"name": name, "reason": str(message)})


def _validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}


def not_found(request, *args, **kwargs):
    """Every other path under /api/v1: a 404 as problem details, like the routes' own 404s. A
    path with a trailing slash is told that the API's paths have none (API-48)."""
    detail = _("There is nothing at this path in the API.")
    if request.path.endswith("/") and request.path.rstrip("/") != "/api/v1":
        detail = _("The API's paths end without a slash: %(path)s") % {
            "path": request.path.rstrip("/")
        }
    return JsonResponse(
        _problem(404, {"detail": detail}), status=404, content_type=PROBLEM_CONTENT_TYPE
    )


class ApiVersionMiddleware:
    """Every answer under /api/ names the API's version (`API-Version: 1.0.0`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.version = settings.SPECTACULAR_SETTINGS["VERSION"]

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/"):
            response["API-Version"] = self.version
        return response


def document_design_rules(result, generator, request, public):
    """drf-spectacular postprocessing hook: the schema says what every answer does anyway.

    Every response carries the `API-Version` header (API-57), and every operation documents its
    error answers as problem details (`application/problem+json`, API-46): 401 and 403 always,
    404 where the path names one object, 400 where the request carries input (a body or filters).
    """
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = {
        "type": "object",
        "description": "Problem details (RFC 9457).",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "invalid-params": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
                },
            },
        },
        "required": ["type", "title", "status", "detail"],
    }
    components.setdefault("headers", {})["API-Version"] = {
        "description": "The full version of the API that answered (semantic versioning).",
        "schema": {"type": "string", "example": settings.SPECTACULAR_SETTINGS["VERSION"]},
    }
    version_header = {"API-Version": {"$ref": "#/components/headers/API-Version"}}
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    descriptions = {
        "400": "The request holds invalid input.",
        "401": "Not logged in.",
        "403": "Not allowed.",
        "404": "Not found.",
    }
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            errors = ["401", "403"]
            if "{" in path:
                errors.append("404")
            if "requestBody" in operation or operation.get("parameters"):
                errors.append("400")
            for status in errors:
                operation["responses"].setdefault(
                    status, {"description": descriptions[status], "content": problem}
                )
            for response in operation["responses"].values():
                response.setdefault("headers", {}).update(version_header)
    return result
