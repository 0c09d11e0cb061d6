"""Matchmaking: buyers' needs, exhibitors' capability statements, dismissed suggestions,
one-to-one meeting requests with their scheduled slot and table, and unavailable times."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from openexpo.catalogue.models import Exhibit
from openexpo.core.models import Country, Edition, ProductCategory
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Visitor


class MatchmakingSetup(models.Model):
    """How an edition's matchmaking area runs: tables, slot grid, caps, fairness."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="matchmaking")
    tables = models.PositiveIntegerField(_("tables"), default=300)
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    morning_start = models.TimeField(_("morning starts"), default=dt.time(9, 0))
    morning_slots = models.PositiveSmallIntegerField(_("morning slots"), default=9)
    afternoon_start = models.TimeField(_("afternoon starts"), default=dt.time(13, 30))
    afternoon_slots = models.PositiveSmallIntegerField(_("afternoon slots"), default=12)
    cap_per_day = models.PositiveSmallIntegerField(_("meetings per participant per day"), default=8)
    max_break_spread = models.PositiveSmallIntegerField(_("fairness bound on breaks"), default=2)

    class Meta:
        verbose_name = _("matchmaking setup")
        constraints = [
            models.CheckConstraint(condition=Q(tables__gt=0), name="mm_setup_tables_positive"),
            models.CheckConstraint(condition=Q(slot_minutes__gt=0), name="mm_setup_slot_positive"),
        ]

    def __str__(self) -> str:
        return f"Matchmaking of {self.edition}"

    @property
    def slots(self) -> int:
        return self.morning_slots + self.afternoon_slots


class Need(models.Model):
    """What a buyer wants to buy."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="needs")
    buyer = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("title"), max_length=200)
    text_en = models.TextField(_("what you want to buy (English)"), blank=True)
    text_zh = models.TextField(_("what you want to buy (Chinese)"), blank=True)
    categories = models.ManyToManyField(
        ProductCategory, blank=True, related_name="needs", verbose_name=_("HS categories")
    )
    quantity = models.CharField(_("quantity"), max_length=120, blank=True)
    budget_min = models.DecimalField(
        _("budget from"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    budget_max = models.DecimalField(
        _("budget up to"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency (ISO 4217)"), max_length=3, blank=True)
    origins = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("preferred origin countries")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("buyer need")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_max__gte=F("budget_min")),
                name="need_budget_ordered",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return self.title


class NeedGroundTruth(models.Model):
    """Demo only: the exhibits a generated need was drawn from (never read by the recommender)."""

    need = models.OneToOneField(Need, on_delete=models.CASCADE, related_name="ground_truth")
    exhibit_ids = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"truth of need {self.need_id}"


class CapabilityStatement(models.Model):
    """An exhibitor's offer beyond its exhibits (a service, a production capacity)."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="capabilities"
    )
    text_en = models.TextField(_("capability (English)"), blank=True)
    text_zh = models.TextField(_("capability (Chinese)"), blank=True)
    categories = models.ManyToManyField(ProductCategory, blank=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participation", "id"]
        verbose_name = _("capability statement")

    def __str__(self) -> str:
        return (self.text_en or self.text_zh)[:60]


class Dismissal(models.Model):
    """A suggestion one side dismissed; it is never suggested to that side again."""

    class Side(models.TextChoices):
        BUYER = "buyer", _("Buyer dismissed an exhibitor or exhibit")
        EXHIBITOR = "exhibitor", _("Exhibitor dismissed a buyer")

    side = models.CharField(max_length=10, choices=Side.choices)
    buyer = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="+")
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="+")
    exhibit = models.ForeignKey(
        Exhibit, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        constraints = [
            models.UniqueConstraint(
                fields=["side", "buyer", "participation"],
                condition=Q(exhibit__isnull=True),
                name="dismissal_unique_pair",
            ),
            models.UniqueConstraint(
                fields=["side", "buyer", "exhibit"],
                condition=Q(exhibit__isnull=False),
                name="dismissal_unique_exhibit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.side} dismissal {self.buyer_id}/{self.participation_id}"


class MeetingRequest(models.Model):
    """A one-to-one meeting between a buyer and an exhibitor, from request to its table."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Side(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        EXHIBITOR = "exhibitor", _("Exhibitor")

    class Session(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="meeting_requests")
    buyer = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="meeting_requests")
    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="meeting_requests"
    )
    initiated_by = models.CharField(max_length=10, choices=Side.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="meeting_requests"
    )
    exhibit = models.ForeignKey(
        Exhibit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    day = models.DateField(_("day"))
    session = models.CharField(
        _("session"), max_length=10, choices=Session.choices, default=Session.ANY
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    # The schedule: a slot of the day's grid and a table (1..tables); published = visible.
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    table = models.PositiveIntegerField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(default=False)
    unplaced_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["day", "slot", "table", "id"]
        verbose_name = _("meeting request")
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "participation", "day"],
                condition=Q(status__in=["pending", "accepted"]),
                name="one_open_request_per_pair_day",
            ),
            models.UniqueConstraint(
                fields=["buyer", "day", "slot"],
                condition=Q(slot__isnull=False),
                name="buyer_one_meeting_per_slot",
            ),
            models.UniqueConstraint(
                fields=["participation", "day", "slot"],
                condition=Q(slot__isnull=False),
                name="exhibitor_one_meeting_per_slot",
            ),
            models.UniqueConstraint(
                fields=["edition", "day", "slot", "table"],
                condition=Q(slot__isnull=False),
                name="one_meeting_per_table_slot",
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True) | Q(status="accepted"),
                name="only_accepted_meetings_scheduled",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status", "day"])]

    def __str__(self) -> str:
        return f"meeting {self.pk}: visitor {self.buyer_id} / participation {self.participation_id}"


class Unavailability(models.Model):
    """A time a participant (buyer or exhibitor) cannot meet."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    buyer = models.ForeignKey(
        Visitor, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    participation = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("unavailable time")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="unavailability_ordered"
            ),
            models.CheckConstraint(
                condition=Q(buyer__isnull=False, participation__isnull=True)
                | Q(buyer__isnull=True, participation__isnull=False),
                name="unavailability_one_side",
            ),
        ]

    def __str__(self) -> str:
        return f"unavailable {self.starts_at:%Y-%m-%d %H:%M}"
