"""The user's notifications: the list (open one to mark it read), and the e-mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.web.forms import submit

from . import services
from .forms import PreferenceForm
from .kinds import Delivery
from .models import MailPreference, Notification


def header_link(request):
    """The header's notifications link with its counter, for htmx's background poll.

    Not `login_required`: a poll after the session ended must not swap the log-in page into
    the header — it gets 204 (nothing to swap), and the next real click finds the log-in page.
    """
    from django.conf import settings
    from django.http import HttpResponse

    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(
        request,
        "notifications/_header_link.html",
        {"counter_poll_seconds": settings.SCHAKEL_COUNTER_POLL_SECONDS},
    )


@login_required
def notification_list(request):
    notifications = Notification.objects.visible_to(request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@require_POST
@login_required
def open_notification(request, pk):
    """Mark it read and go to the work it is about."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(notification, by=request.user)
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    services.mark_all_read(by=request.user)
    messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    current = (
        MailPreference.objects.filter(user=request.user).values_list("delivery", flat=True).first()
    )
    form = PreferenceForm(
        request.POST or None, initial={"delivery": current or Delivery.IMMEDIATELY}
    )
    if request.method == "POST":
        outcome = submit(
            request,
            form,
            lambda data: services.set_delivery(request.user, data["delivery"]),
            _("Your e-mail preference is saved."),
        )
        if outcome:
            return redirect("notifications:list")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_address": bool(request.user.email)},
        status=400 if request.method == "POST" else 200,
    )
