"""Forms of the matchmaking pages: a buyer's need and a meeting request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Edition
from openexpo.matchmaking.models import MeetingRequest


def _codes(raw: str) -> list[str]:
    return [c.strip() for c in raw.replace(";", ",").replace(" ", ",").split(",") if c.strip()]


class NeedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text_en = forms.CharField(
        label=_("What you want (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_zh = forms.CharField(
        label=_("What you want (Chinese)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    categories = forms.CharField(label=_("HS codes (comma-separated)"), required=False)
    origins = forms.CharField(label=_("Preferred origin countries (ISO codes)"), required=False)
    quantity = forms.CharField(label=_("Quantity"), max_length=120, required=False)
    budget_min = forms.DecimalField(label=_("Budget from"), required=False, min_value=0)
    budget_max = forms.DecimalField(label=_("Budget up to"), required=False, min_value=0)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, required=False)
    deadline = forms.DateField(
        label=_("Deadline"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def as_service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["categories"] = _codes(data.get("categories", ""))
        data["origins"] = _codes(data.get("origins", ""))
        return data


class RequestForm(forms.Form):
    participation_id = forms.IntegerField(widget=forms.HiddenInput)
    buyer_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    need_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    day = forms.TypedChoiceField(label=_("Day"), choices=())
    session = forms.ChoiceField(label=_("Session"), choices=MeetingRequest.Session.choices)
    message = forms.CharField(label=_("Message"), required=False, max_length=2000)

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        import datetime as dt

        self.fields["day"].choices = [(d.isoformat(), d.strftime("%a %d %b")) for d in edition.days]
        self.fields["day"].coerce = dt.date.fromisoformat
