"""Pages show a service's refusal on the field it names, or as a flash message."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from openexpo.core.errors import DomainError
from openexpo.core.feedback import flash, form_error


class NameForm(forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize(
    ("field", "where"), [("name", "name"), ("other", "__all__"), (None, "__all__")]
)
def test_form_error_lands_on_the_named_field_or_the_whole_form(field, where):
    form = NameForm({"name": "x"})
    assert form.is_valid()
    form_error(form, DomainError("Taken.", "taken", field=field))
    assert form.errors == {where: ["Taken."]}


def _request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_flash_turns_a_refusal_into_an_error_message_and_success_into_its_message():
    request = _request()
    with flash(request, "Saved."):
        pass
    with flash(request, "Never shown."):
        raise DomainError("Not now.", "bad_state")
    with flash(request):  # no success message asked for
        pass
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [
        ("success", "Saved."),
        ("error", "Not now."),
    ]


def test_flash_lets_other_errors_through():
    with pytest.raises(ValueError), flash(_request(), "Saved."):
        raise ValueError("a bug, not a refusal")
