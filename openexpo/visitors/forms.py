"""Forms of the visitors pages: self-registration and the delegation member import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Country
from openexpo.visitors.models import VisitorIdentity


class RegistrationForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, required=False, min_length=8
    )
    email = forms.EmailField(label=_("Email"), required=False)
    full_name = forms.CharField(label=_("Full name (as on the document)"), max_length=120)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    role = forms.CharField(label=_("Role"), max_length=120, required=False)
    country = forms.ModelChoiceField(
        label=_("Country or region"), queryset=Country.objects.all(), to_field_name="code"
    )
    doc_type = forms.ChoiceField(
        label=_("Identity document"), choices=VisitorIdentity.DocType.choices
    )
    doc_number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    doc_country = forms.CharField(
        label=_("Issuing country (passports, ISO code)"), max_length=2, required=False
    )
    languages = forms.CharField(label=_("Languages"), max_length=60, required=False)
    interests = forms.CharField(
        label=_("Procurement interests (HS codes, space-separated)"), max_length=300, required=False
    )
    consent = forms.BooleanField(
        label=_("I consent to the processing of my personal data for this expo")
    )

    def __init__(self, *args, need_account: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.need_account = need_account
        if need_account:
            self.fields["username"].required = True
            self.fields["password"].required = True
        else:
            for name in ("username", "password"):
                del self.fields[name]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Member list (CSV or XLSX)"))
    commit = forms.BooleanField(
        label=_("Register them now (otherwise: preview only)"), required=False
    )
