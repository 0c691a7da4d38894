"""The personal feeds of the demo users name no person and no case (issue 11: calendars carry
no personal data)."""

from django.utils import timezone

from tests.agenda.test_calendar import parse


def test_no_feed_of_a_demo_user_names_a_person_or_a_case(demo):
    from schakel.access import policy
    from schakel.agenda.selectors import personal_events
    from schakel.cases.models import Case
    from schakel.lib.icalendar import calendar
    from schakel.organisations.models import User
    from schakel.registry.models import Person

    secrets = set()
    for case in Case.objects.all():
        secrets |= {case.title, case.reference}
    for person in Person.objects.all():
        secrets |= {person.surname, person.bsn} - {""}
    users = [u for u in User.objects.filter(is_active=True) if policy.works_on_cases(u)]
    events_seen = 0
    for user in users:
        events = personal_events(user)
        events_seen += len(events)
        text = calendar(events, name="Schakel", stamp=timezone.now())
        parse(text)
        assert not [s for s in secrets if s in text], user.username
    assert events_seen > 0
