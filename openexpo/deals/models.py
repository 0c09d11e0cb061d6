"""Intended deals between buyers and exhibitors, with their value in the original currency,
and the per-edition exchange-rate table that converts them to US$ and CNY."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Edition, ProductCategory
from openexpo.exhibitors.models import Participation
from openexpo.visitors.models import Delegation, Visitor


class Deal(models.Model):
    """An intended one-year purchase or a signed contract recorded at an edition.

    `amount`/`currency` are what the parties agreed; `amount_usd`/`amount_cny` are derived
    from the edition's rate table (see openexpo.deals.money) and rewritten whenever a rate
    changes, so statistics can sum them directly.
    """

    class Kind(models.TextChoices):
        INTENDED = "intended", _("Intended one-year purchase")
        SIGNED = "signed", _("Signed contract")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        REJECTED = "rejected", _("Rejected")

    class Side(models.TextChoices):
        EXHIBITOR = "exhibitor", _("Exhibitor")
        BUYER = "buyer", _("Buyer")
        ORGANISER = "organiser", _("Organiser")

    class Source(models.TextChoices):
        NONE = "", _("None")
        MEETING = "meeting", _("Matchmaking meeting")
        LAUNCH = "launch", _("Product launch")
        FORUM = "forum", _("Forum session")
        OTHER = "other", _("Other")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deals")
    exhibitor = models.ForeignKey(Participation, on_delete=models.PROTECT, related_name="deals")
    buyer_organisation = models.CharField(_("buyer organisation"), max_length=200)
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    buyer_visitor = models.ForeignKey(
        Visitor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        verbose_name=_("buyer (registered visitor)"),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.INTENDED)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    amount_usd = models.DecimalField(_("amount (US$)"), max_digits=18, decimal_places=2, default=0)
    amount_cny = models.DecimalField(_("amount (CNY)"), max_digits=18, decimal_places=2, default=0)
    signed_on = models.DateField(_("date"))
    products = models.ManyToManyField(
        ProductCategory, blank=True, related_name="deals", verbose_name=_("products (HS)")
    )
    # The main product's HS section and chapter, copied for fast grouping (first product).
    hs_section = models.CharField(_("HS section"), max_length=5, blank=True)
    hs_chapter = models.CharField(_("HS chapter"), max_length=2, blank=True)
    # Where the deal came from: a matchmaking meeting, a launch... (plain pair, no FK yet).
    source_kind = models.CharField(
        _("origin"), max_length=10, choices=Source.choices, blank=True, default=""
    )
    source_id = models.PositiveBigIntegerField(_("origin id"), null=True, blank=True)
    recorded_side = models.CharField(
        _("recorded by side"), max_length=10, choices=Side.choices, default=Side.ORGANISER
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    dispute_reason = models.TextField(_("dispute reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("organiser decision"), blank=True)
    created_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deal")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="deal_amount_positive"),
            models.CheckConstraint(condition=Q(amount__lte=10**12), name="deal_amount_not_absurd"),
        ]
        indexes = [
            models.Index(fields=["edition", "status", "kind"]),
            # covers every statistics GROUP BY (index-only scans on SQLite)
            models.Index(
                fields=[
                    "edition",
                    "status",
                    "kind",
                    "exhibitor",
                    "delegation",
                    "signed_on",
                    "currency",
                    "hs_section",
                    "hs_chapter",
                    "amount_usd",
                    "amount_cny",
                ],
                name="deal_stats_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer_organisation} → {self.exhibitor_id}: {self.amount} {self.currency}"


class ExchangeRate(models.Model):
    """Units of `currency` per one US dollar, in force from `valid_from` (organisers set it).

    The rate applied to a deal is the one of its currency with the latest `valid_from` on or
    before the deal's date. USD is always 1 and needs no row; CNY needs a row for the CNY
    figures.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="exchange_rates")
    currency = models.CharField(_("currency"), max_length=3)
    valid_from = models.DateField(_("valid from"))
    per_usd = models.DecimalField(_("units per US$"), max_digits=20, decimal_places=8)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "currency", "valid_from"]
        verbose_name = _("exchange rate")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "currency", "valid_from"], name="rate_unique_per_day"
            ),
            models.CheckConstraint(condition=Q(per_usd__gt=0), name="rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 USD = {self.per_usd} {self.currency} from {self.valid_from}"


class DealRollup(models.Model):
    """The confirmed deals of an edition summed by one dimension: exhibitor (participation),
    delegation, day, currency, HS section, HS chapter or buyer organisation, per kind.

    Statistics read these few thousand rows instead of the deals. openexpo.deals.rollup keeps
    them in the same transaction as every write that changes what counts (confirm, decide, an
    organiser's change of a confirmed deal) and rebuilds an edition's rows from its deals after
    a rate change. Money is in integer cents, so sums are exact on every database.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(max_length=12)
    kind = models.CharField(max_length=10, choices=Deal.Kind.choices)
    # the dimension's value as text: a primary key, an ISO date or a code; "" for none
    key = models.CharField(max_length=200, blank=True)
    # set on the exhibitor rows only, so tables by area, country, size... group them in SQL
    exhibitor = models.ForeignKey(
        Participation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    n = models.IntegerField(default=0)
    usd_cents = models.BigIntegerField(default=0)
    cny_cents = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("deal roll-up")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "dimension", "kind", "key"], name="deal_rollup_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.dimension}={self.key} {self.kind}: {self.n}"
