"""Forms of the floorplan pages: a competitor pair typed as two company names."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Edition
from openexpo.exhibitors.models import Company

_ID = re.compile(r"#(\d+)\s*$")


def company_label(company: Company) -> str:
    """How a company appears in the page's suggestion list: its name and id."""
    return f"{company.name_en} #{company.pk}"


def company_lookup(edition: Edition, text: str) -> Company:
    """The company an organiser typed: "Name #id" from the suggestions, or an exact name
    (English or Chinese) of a company that applied to the edition."""
    text = text.strip()
    applied = Company.objects.filter(participations__edition=edition)
    if m := _ID.search(text):
        found = applied.filter(pk=int(m.group(1))).first()
        if found is not None:
            return found
        raise forms.ValidationError(
            _("No company #%(id)s applied to this edition.") % {"id": m.group(1)}
        )
    matches = list(applied.filter(name_en__iexact=text)[:2]) or list(
        applied.filter(name_zh=text)[:2]
    )
    if not matches:
        raise forms.ValidationError(
            _("No company named “%(name)s” applied to this edition.") % {"name": text}
        )
    if len(matches) > 1:
        raise forms.ValidationError(
            _("Several companies are named “%(name)s”: pick one from the list.") % {"name": text}
        )
    return matches[0]


class CompetitorPairForm(forms.Form):
    company_a = forms.CharField(label=_("Company"), max_length=240)
    company_b = forms.CharField(label=_("Keep apart from"), max_length=240)
    note = forms.CharField(label=_("Why (optional)"), max_length=200, required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        for name in ("company_a", "company_b"):
            self.fields[name].widget.attrs.update({"list": "companies", "autocomplete": "off"})

    def clean_company_a(self) -> Company:
        return company_lookup(self.edition, self.cleaned_data["company_a"])

    def clean_company_b(self) -> Company:
        return company_lookup(self.edition, self.cleaned_data["company_b"])
