"""Trading delegations and registered professional visitors (buyers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Bilingual, Country, Edition


class Delegation(Bilingual, models.Model):
    """A trading delegation (e.g. a provincial delegation) with sub-delegations and a lead."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="delegations")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
        verbose_name=_("parent delegation"),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="led_delegations", verbose_name=_("delegation lead"),
    )
    province = models.CharField(_("province"), max_length=60, blank=True)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("trading delegation")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="delegation_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_en


class Visitor(models.Model):
    """A registered professional visitor (buyer) at one edition."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="visitors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="visitor_registrations",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED)
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("professional visitor")
        indexes = [
            models.Index(fields=["edition", "delegation"]),
            models.Index(fields=["edition", "status"]),
        ]

    def __str__(self) -> str:
        return self.full_name
