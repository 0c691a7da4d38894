"""Which code runs a job of each kind. Apps register their handlers in `AppConfig.ready()`, so
the jobs app (a low layer) never imports the apps whose work it runs."""

from collections.abc import Callable

HANDLERS: dict[str, Callable] = {}
RESULT_TEMPLATES: dict[str, str] = {}


def register(kind: str, handler: Callable, *, result_template: str = "") -> None:
    """`handler(job, progress) -> dict` does the work and returns the result to keep. It raises
    `jobs.services.JobFailed` with a message for the user when the work cannot be done.
    `result_template`, when given, shows a succeeded job's result (as `result`) on its page."""
    HANDLERS[kind] = handler
    if result_template:
        RESULT_TEMPLATES[kind] = result_template


def result_template_for(kind: str) -> str:
    return RESULT_TEMPLATES.get(kind, "")


def handler_for(kind: str) -> Callable:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No job handler registered for {kind!r}.") from None
