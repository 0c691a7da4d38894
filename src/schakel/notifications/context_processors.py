"""The header's unread counter on every page: one indexed COUNT, run only when a page shows it."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if getattr(request, "schakel_second_factor_pending", False):
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.visible_to(user).unread().count()
        ),
        "counter_poll_seconds": settings.SCHAKEL_COUNTER_POLL_SECONDS,
    }
