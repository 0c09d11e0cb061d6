"""Exhibits: what exhibitors show, in two languages, with their HS category and launch type."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Bilingual, Country, ProductCategory
from openexpo.exhibitors.models import Participation


class Exhibit(Bilingual, models.Model):
    """A product or service shown by a participation (company at an edition)."""

    class Launch(models.TextChoices):
        NONE = "", _("No launch")
        GLOBAL = "global", _("Global premiere")
        ASIA = "asia", _("Asia debut")
        CHINA = "china", _("China debut")

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="exhibits")
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    category = models.ForeignKey(
        ProductCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="exhibits",
        verbose_name=_("product category"),
    )
    origin = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("origin country"),
    )
    launch_type = models.CharField(
        _("launch"), max_length=8, choices=Launch.choices, default=Launch.NONE, blank=True,
        db_index=True,
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("exhibit")

    def __str__(self) -> str:
        return self.name_en
