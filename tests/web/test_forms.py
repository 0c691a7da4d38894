"""`web.forms.submit` and `run_with_message`: a service's refusal is shown, never a 500."""

from django import forms
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from schakel.web.forms import run_with_message, submit


class NoteForm(forms.Form):
    text = forms.CharField()


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _messages(request):
    return [(m.level, str(m)) for m in messages.get_messages(request)]


def test_an_accepted_form_shows_the_success_message_and_returns_the_result():
    request = _request()
    done = submit(
        request,
        NoteForm({"text": "hello"}),
        lambda data: data["text"].upper(),
        success=lambda result: f"saved {result}",
    )
    assert done and done.result == "HELLO"
    assert _messages(request) == [(messages.SUCCESS, "saved HELLO")]


def test_an_invalid_form_does_not_call_the_service():
    request = _request()
    calls = []
    form = NoteForm({})
    assert not submit(request, form, calls.append, success="saved")
    assert calls == [] and "text" in form.errors
    assert _messages(request) == []


def test_an_unbound_form_is_not_submitted():
    assert not submit(_request(), NoteForm(), lambda data: 1 / 0, success="saved")


def test_a_refusal_goes_on_the_form_without_a_message():
    def refuse(data):
        raise ValidationError(["Not now.", "Not like this."])

    request = _request()
    form = NoteForm({"text": "hello"})
    done = submit(request, form, refuse, success="saved")
    assert not done and done.result is None
    assert form.non_field_errors() == ["Not now.", "Not like this."]
    assert _messages(request) == []


def test_a_permission_refusal_without_text_still_explains_itself():
    def refuse(data):
        raise PermissionDenied

    form = NoteForm({"text": "hello"})
    assert not submit(_request(), form, refuse, success="saved")
    assert form.non_field_errors() == ["You are not allowed to do this."]


def test_a_button_shows_the_success_or_the_refusal_as_a_message():
    request = _request()
    assert run_with_message(request, lambda: 42, "done").result == 42

    def refuse():
        raise PermissionDenied("Only the chair.")

    assert not run_with_message(request, refuse, "done")
    assert _messages(request) == [(messages.SUCCESS, "done"), (messages.ERROR, "Only the chair.")]
