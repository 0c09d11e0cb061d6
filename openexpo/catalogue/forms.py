"""Forms of the exhibitor pages: an exhibit, its launch event, a picture."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openexpo.catalogue.models import Exhibit, LaunchEvent
from openexpo.core.models import Edition


class ExhibitForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    description_en = forms.CharField(
        label=_("Description (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    category_code = forms.CharField(
        label=_("HS code (heading or subheading)"),
        max_length=8,
        required=False,
        help_text=_("4 or 6 digits, e.g. 3004 or 300490"),
    )
    origin_code = forms.CharField(
        label=_("Origin country (ISO code)"),
        max_length=8,
        required=False,
        help_text=_("Two letters, e.g. DE"),
    )
    launch_type = forms.ChoiceField(
        label=_("Launch"), choices=Exhibit.Launch.choices, required=False
    )

    @classmethod
    def initial_for(cls, exhibit: Exhibit) -> dict:
        return {
            "name_en": exhibit.name_en,
            "name_zh": exhibit.name_zh,
            "description_en": exhibit.description_en,
            "description_zh": exhibit.description_zh,
            "category_code": exhibit.category.code if exhibit.category_id else "",
            "origin_code": exhibit.origin_id or "",
            "launch_type": exhibit.launch_type,
        }


class LaunchForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Day"), required=False, coerce=str, empty_value="")
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=30
    )
    venue = forms.ChoiceField(label=_("Venue"), choices=LaunchEvent.Venue.choices)
    stage_en = forms.CharField(label=_("Stage (English)"), max_length=120, required=False)
    stage_zh = forms.CharField(label=_("Stage (Chinese)"), max_length=120, required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].choices = [("", "—")] + [
            (d.isoformat(), d.isoformat()) for d in edition.days
        ]


class ImageForm(forms.Form):
    image = forms.FileField(label=_("Picture (JPEG, PNG or WebP, at most 5 MB)"))
