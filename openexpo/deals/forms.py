"""Forms of the deal pages: record a deal (with a delegation and/or an individual buyer named
by badge number), dispute it, set a rate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from openexpo.core import permissions
from openexpo.core.models import Edition
from openexpo.deals.models import Deal
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation
from openexpo.visitors.selectors import visitor_badge_number


class DealForm(forms.Form):
    exhibitor = forms.ModelChoiceField(queryset=Participation.objects.none(), label=_("Exhibitor"))
    buyer_organisation = forms.CharField(max_length=200, label=_("Buyer organisation"))
    buyer_badge = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        label=_("Individual buyer: badge No."),
        help_text=_(
            "For a buyer who registered as a visitor: the number printed on their badge. "
            "They can then confirm the deal themselves."
        ),
    )
    delegation = forms.ModelChoiceField(
        queryset=Delegation.objects.none(), required=False, label=_("Trading delegation")
    )
    kind = forms.ChoiceField(choices=Deal.Kind.choices, label=_("Kind"))
    amount = forms.DecimalField(max_digits=20, decimal_places=2, label=_("Amount"))
    currency = forms.CharField(max_length=3, initial="USD", label=_("Currency (ISO 4217)"))
    signed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    products = forms.CharField(
        required=False, label=_("HS codes (comma-separated)"), max_length=200
    )

    def __init__(self, *args: Any, user: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parts = Participation.objects.filter(
            edition=edition, status=Participation.Status.APPROVED
        ).select_related("company")
        delegations = Delegation.objects.filter(edition=edition)
        if not permissions.is_organiser(user):
            mine = permissions.company_ids(user)
            if mine:
                parts = parts.filter(company_id__in=mine)
            led = permissions.led_delegation_ids(user)
            if led:
                delegations = delegations.filter(pk__in=led)
        self.fields["exhibitor"].queryset = parts.order_by("company__name_en")
        self.fields["exhibitor"].label_from_instance = lambda p: p.company.name
        self.fields["delegation"].queryset = delegations.order_by("code")
        self.fields["signed_on"].initial = edition.start_date
        own = visitor_badge_number(edition=edition, user=user)
        if own is not None and not permissions.company_ids(user):
            self.fields["buyer_badge"].initial = own  # a visitor records as the buyer

    def product_codes(self) -> list[str]:
        return [c.strip() for c in self.cleaned_data.get("products", "").split(",") if c.strip()]


class DisputeForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reason"))


class RateForm(forms.Form):
    currency = forms.CharField(max_length=3, label=_("Currency"))
    valid_from = forms.DateField(
        label=_("Valid from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    per_usd = forms.DecimalField(max_digits=20, decimal_places=8, label=_("Units per US$"))
