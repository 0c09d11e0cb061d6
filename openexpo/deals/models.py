"""Intended deals between buyers and exhibitors, with their value in the original currency."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Edition
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation


class Deal(models.Model):
    """An intended one-year purchase or a signed contract recorded at an edition."""

    class Kind(models.TextChoices):
        INTENDED = "intended", _("Intended one-year purchase")
        SIGNED = "signed", _("Signed contract")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        REJECTED = "rejected", _("Rejected")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deals")
    exhibitor = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="deals")
    buyer_organisation = models.CharField(_("buyer organisation"), max_length=200)
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INTENDED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    amount_usd = models.DecimalField(_("amount (US$)"), max_digits=18, decimal_places=2, default=0)
    signed_on = models.DateField(_("date"))

    class Meta:
        verbose_name = _("deal")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="deal_amount_positive")]
        indexes = [models.Index(fields=["edition", "status", "kind"])]

    def __str__(self) -> str:
        return f"{self.buyer_organisation} → {self.exhibitor_id}: {self.amount} {self.currency}"
