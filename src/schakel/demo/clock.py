"""The demo's clock: a reference date instead of the wall clock.

The demo is built as of a reference date (`today`, by default the local date): its history runs
up to `start_of(today)`, midnight at the start of that day, so that nothing it writes lies ahead
of the moment it is loaded and the same seed and date give the same data at any time of day.
"""

import datetime
from contextlib import contextmanager

from django.apps import apps
from django.db import models
from django.utils import timezone


def start_of(today: datetime.date) -> datetime.datetime:
    """Midnight at the start of `today` in the local time zone (it always exists in
    Europe/Amsterdam, whose clock changes at 02:00 and 03:00)."""
    return timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))


# The moments of the `written_at` blocks that are open, innermost last.
_moments: list[datetime.datetime] = []


@contextmanager
def written_at(moment: datetime.datetime):
    """Rows written inside the block get `moment` in their automatic time stamps.

    Django fills `auto_now_add` and `auto_now` fields (`created_at`, `invited_at`, `updated_at`
    …) with the wall clock when a row is saved or bulk-created; inside this block they get
    `moment` instead, unless the instance already carries its own value (an `auto_now` field
    is set to `moment` again when an existing row is saved). That keeps the history's own dates,
    and dates what the services write for the demo. Blocks nest; the innermost moment counts.

    This changes the fields of every model for the duration of the block, so it is only for the
    demo loader, which runs on its own in a management command or a test.
    """
    outermost = not _moments
    _moments.append(moment)
    patched = _patch_automatic_fields() if outermost else []
    try:
        yield
    finally:
        _moments.pop()
        for model_field in patched:
            del model_field.pre_save


def _patch_automatic_fields() -> list:
    patched = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                model_field.pre_save = _pre_save_at_demo_moment(model_field)
                patched.append(model_field)
    return patched


def _pre_save_at_demo_moment(model_field):
    def pre_save(model_instance, add):
        value = getattr(model_instance, model_field.attname)
        if value is None or (model_field.auto_now and not add):
            value = _moments[-1]
            if not isinstance(model_field, models.DateTimeField):  # a DateField
                value = timezone.localdate(value)
            setattr(model_instance, model_field.attname, value)
        return value

    return pre_save
