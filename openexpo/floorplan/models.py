"""The venue: halls (polygons in metres) and booths (rectangles on a 1 m grid)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Edition
from openexpo.exhibitors.models import Participation


class Hall(models.Model):
    """An exhibition hall of one edition's venue; its outline is a polygon in metres."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="halls")
    code = models.CharField(_("code"), max_length=16)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    outline = models.JSONField(_("outline [[x, y], ...] in metres"), default=list)
    width_m = models.PositiveIntegerField(default=0)
    depth_m = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("hall")
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="hall_code_unique")]

    def __str__(self) -> str:
        return self.code


class Booth(models.Model):
    """A rectangle of floor on the 1 m grid, assigned to at most one participation."""

    class Kind(models.TextChoices):
        RAW_SPACE = "raw", _("Raw space")
        STANDARD = "standard", _("Standard")
        PAVILION = "pavilion", _("Pavilion block")

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="booths")
    code = models.CharField(_("code"), max_length=24)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.RAW_SPACE)
    x = models.IntegerField()
    y = models.IntegerField()
    width = models.PositiveIntegerField()
    depth = models.PositiveIntegerField()
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.SET_NULL, related_name="booths"
    )

    class Meta:
        ordering = ["hall", "code"]
        verbose_name = _("booth")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="booth_code_unique"),
            models.CheckConstraint(condition=Q(width__gt=0, depth__gt=0), name="booth_positive_size"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def area_m2(self) -> int:
        return self.width * self.depth
