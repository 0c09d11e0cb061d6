"""How pages show a service's refusal: on the form field it names, or as a flash message."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from openexpo.core.errors import DomainError


def form_error(form: forms.Form, exc: DomainError) -> None:
    """Show a service's error on the field it names (or on the whole form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@contextmanager
def flash(request: HttpRequest, success: str = "") -> Iterator[None]:
    """Run the service call in the block: a DomainError becomes an error message (and goes no
    further); otherwise `success`, if any, is shown."""
    try:
        yield
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if success:
            messages.success(request, success)
