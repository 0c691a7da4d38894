"""Which code runs a job of each kind, and which housekeeping the worker runs periodically. Apps
register both in `AppConfig.ready()`, so the jobs app (a low layer) never imports the apps whose
work it runs."""

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass
class Periodic:
    """Housekeeping the worker runs every `every_seconds` (reminders, mail retries)."""

    name: str
    function: Callable[[], object]
    every_seconds: float


PERIODIC: dict[str, Periodic] = {}


def register_periodic(name: str, function: Callable[[], object], every_seconds: float) -> None:
    """`function()` runs in the worker every `every_seconds`; it must be idempotent (several
    workers may run it at once) and quick."""
    PERIODIC[name] = Periodic(name, function, every_seconds)


def handler_for(kind: str) -> Callable:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No job handler registered for {kind!r}.") from None
