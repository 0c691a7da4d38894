"""The calendar: one conference as an .ics download, the personal feed behind a secret
address (no log-in: calendar apps fetch it), and the page to make or reset that address."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from schakel.access import policy
from schakel.conferences.models import Conference
from schakel.lib.icalendar import calendar

from . import selectors, services
from .models import CalendarFeed

CONTENT_TYPE = "text/calendar; charset=utf-8"
# Calendar apps fetch the feed without a session, so without a chosen language: always Dutch.
CALENDAR_LANGUAGE = "nl"


def _ics(events, name: str, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(calendar(events, name=name, stamp=timezone.now()), CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def conference_ics(request, pk):
    if not policy.works_on_cases(request.user):
        raise PermissionDenied
    conference = get_object_or_404(Conference.objects.visible_to(request.user), pk=pk)
    with translation.override(CALENDAR_LANGUAGE):
        return _ics(
            [selectors.conference_event(conference)],
            _("Case conference"),
            filename=f"casusoverleg-{conference.pk}.ics",
        )


@never_cache
def feed(request, token):
    user = services.user_of_token(token)
    if user is None:
        raise Http404
    with translation.override(CALENDAR_LANGUAGE):
        return _ics(selectors.personal_events(user), "Schakel")


@login_required
def settings_page(request):
    if not policy.works_on_cases(request.user):
        raise PermissionDenied
    address = None
    if request.method == "POST":
        token = services.reset_feed_token(request.user)
        address = request.build_absolute_uri(reverse("agenda:feed", args=[token]))
    return render(
        request,
        "agenda/settings.html",
        {
            "address": address,
            "has_feed": CalendarFeed.objects.filter(user=request.user).exists(),
        },
    )
