"""The venue: halls (polygons in metres) and booths (rectangles on a 1 m grid)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import BackgroundJob, Edition, ExhibitionArea
from openexpo.exhibitors.models import Company, Participation


class Hall(models.Model):
    """An exhibition hall of one edition's venue; its outline is a polygon in metres."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="halls")
    code = models.CharField(_("code"), max_length=16)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    outline = models.JSONField(_("outline [[x, y], ...] in metres"), default=list)
    width_m = models.PositiveIntegerField(default=0)
    depth_m = models.PositiveIntegerField(default=0)
    lane_depth_m = models.PositiveSmallIntegerField(_("booth row depth (m)"), default=9)
    aisle_width_m = models.PositiveSmallIntegerField(_("aisle width (m)"), default=6)

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
    pinned = models.BooleanField(_("pinned"), default=False)

    class Meta:
        ordering = ["hall", "code"]
        verbose_name = _("booth")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="booth_code_unique"),
            models.CheckConstraint(
                condition=Q(width__gt=0, depth__gt=0), name="booth_positive_size"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def area_m2(self) -> int:
        return self.width * self.depth


class Obstacle(models.Model):
    """Floor of a hall no booth may cover: a pillar, an entrance, a fixed aisle, blocked floor."""

    class Kind(models.TextChoices):
        PILLAR = "pillar", _("Pillar")
        ENTRANCE = "entrance", _("Entrance")
        AISLE = "aisle", _("Fixed aisle")
        BLOCKED = "blocked", _("Blocked floor")

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="obstacles")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    x = models.IntegerField()
    y = models.IntegerField()
    width = models.PositiveIntegerField()
    depth = models.PositiveIntegerField()

    class Meta:
        ordering = ["hall", "y", "x"]
        verbose_name = _("obstacle")
        constraints = [
            models.CheckConstraint(
                condition=Q(width__gt=0, depth__gt=0), name="obstacle_positive_size"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.x},{self.y} in {self.hall_id}"


class Zone(models.Model):
    """The rectangle of a hall given to one exhibition area."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="zones")
    area = models.ForeignKey(ExhibitionArea, on_delete=models.CASCADE, related_name="zones")
    x = models.IntegerField()
    y = models.IntegerField()
    width = models.PositiveIntegerField()
    depth = models.PositiveIntegerField()

    class Meta:
        ordering = ["hall", "x", "y"]
        verbose_name = _("zone")
        constraints = [
            models.CheckConstraint(condition=Q(width__gt=0, depth__gt=0), name="zone_positive_size")
        ]

    def __str__(self) -> str:
        return f"{self.area_id} in {self.hall_id}"


class BoothCell(models.Model):
    """One square metre of floor covered by a booth: unique per hall, so two booths can
    never cover the same cell, whatever the application code does."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="+")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="cells")
    x = models.IntegerField()
    y = models.IntegerField()

    class Meta:
        verbose_name = _("booth cell")
        constraints = [models.UniqueConstraint(fields=["hall", "x", "y"], name="booth_cell_unique")]


class FloorPlan(models.Model):
    """One edition's plan: whether its booths are published, and the last allocation job."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="floor_plan")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_job = models.ForeignKey(
        BackgroundJob, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("floor plan")

    def __str__(self) -> str:
        return f"plan of {self.edition_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class CompetitorPair(models.Model):
    """Two companies the allocation keeps apart at one edition (competitors, or a feud).

    Stored once per pair: `company_a` has the smaller id (a database check), so (A, B) and
    (B, A) are the same row and the unique constraint refuses a second one."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="competitor_pairs")
    company_a = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("company")
    )
    company_b = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("kept apart from")
    )
    note = models.CharField(_("why"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "company_a__name_en", "company_b__name_en"]
        verbose_name = _("competitor pair")
        verbose_name_plural = _("competitor pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "company_a", "company_b"], name="competitor_pair_unique"
            ),
            models.CheckConstraint(
                condition=Q(company_a__lt=F("company_b")), name="competitor_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company_a_id} / {self.company_b_id} @ {self.edition_id}"
