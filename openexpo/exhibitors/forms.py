"""Forms of the exhibitor and organiser pages (parsing only; rules live in services)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Country, Edition, ExhibitionArea
from openexpo.exhibitors.models import Company, Participation
from openexpo.exhibitors.rules import MAX_REQUEST_M2


class SignupForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput)
    name_en = forms.CharField(label=_("Company name (English)"), max_length=200)
    name_zh = forms.CharField(label=_("Company name (Chinese)"), max_length=200, required=False)
    country = forms.ModelChoiceField(
        label=_("Country or region"), queryset=Country.objects.order_by("name_en")
    )
    size_class = forms.ChoiceField(label=_("Company size"), choices=Company.Size.choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    logo = forms.FileField(
        label=_("Logo (PNG, JPEG or WebP, at most 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ProfileForm(forms.Form):
    name_en = forms.CharField(label=_("Company name (English)"), max_length=200)
    name_zh = forms.CharField(label=_("Company name (Chinese)"), max_length=200, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    email = forms.EmailField(label=_("Contact e-mail"))
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_zh = forms.CharField(
        label=_("Description (Chinese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    logo = forms.FileField(
        label=_("New logo (PNG, JPEG or WebP, at most 2 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )


class ApplicationForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Exhibition area"), queryset=ExhibitionArea.objects.none()
    )
    booth_type = forms.ChoiceField(
        label=_("Booth type"),
        choices=Participation.BoothType.choices,
        help_text=_("Raw space: at least 36 m². Standard booths: 9 m² each."),
    )
    area_requested_m2 = forms.IntegerField(
        label=_("Area wanted (m²)"), min_value=1, max_value=MAX_REQUEST_M2
    )
    pavilion = forms.ModelChoiceField(
        label=_("National pavilion (if the company exhibits in one)"),
        queryset=Country.objects.order_by("name_en"),
        required=False,
    )
    plans_en = forms.CharField(
        label=_("What it will show and launch (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    plans_zh = forms.CharField(
        label=_("What it will show and launch (Chinese)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = ExhibitionArea.objects.filter(edition=edition)


class QueueFilterForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Edition"),
        queryset=Edition.objects.order_by("-number"),
        required=False,
        to_field_name="number",
    )
    area = forms.CharField(label=_("Area"), required=False, max_length=40)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("any"))] + Participation.Status.choices, required=False
    )
    booth_type = forms.ChoiceField(
        label=_("Booth type"),
        choices=[("", _("any"))] + Participation.BoothType.choices,
        required=False,
    )
    country = forms.CharField(label=_("Country code"), required=False, max_length=8)
    ldc = forms.ChoiceField(
        label=_("Least-developed country"),
        choices=[("", _("any")), ("yes", _("yes")), ("no", _("no"))],
        required=False,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("waitlist", _("Waitlist")),
            ("reject", _("Reject")),
            ("message", _("Send message")),
        ]
    )
    reason = forms.CharField(
        label=_("Reason or message to the company"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    free_ldc_booth = forms.BooleanField(
        label=_("Grant a free standard booth (least-developed country quota)"), required=False
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("waitlist", _("Waitlist")), ("reject", _("Reject"))]
    )
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(v, v) for v in raw if str(v).isdigit()]


class QuotaForm(forms.Form):
    quota = forms.IntegerField(label=_("Free standard booths for LDC companies"), min_value=0)


class ImportForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=_("Edition"), queryset=Edition.objects.order_by("-number"), to_field_name="number"
    )
    file = forms.FileField(label=_("CSV or XLSX file"))
