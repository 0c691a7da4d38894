"""Which code runs a job of each kind. Apps register their handlers in `AppConfig.ready()`, so
the jobs app (a low layer) never imports the apps whose work it runs."""

from collections.abc import Callable

HANDLERS: dict[str, Callable] = {}


def register(kind: str, handler: Callable) -> None:
    """`handler(job, progress) -> dict` does the work and returns the result to keep. It raises
    `jobs.services.JobFailed` with a message for the user when the work cannot be done."""
    HANDLERS[kind] = handler


def handler_for(kind: str) -> Callable:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise LookupError(f"No job handler registered for {kind!r}.") from None
