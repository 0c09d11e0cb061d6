"""The Hongqiao forum: sub-forums, rooms, sessions, speakers, seats and attendance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Bilingual, Edition


class SubForum(Bilingual, models.Model):
    """A sub-forum (theme) of an edition's forum."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="subforums")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=60, blank=True)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("sub-forum")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="subforum_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_en


class Room(Bilingual, models.Model):
    """A forum room of one edition, with its seated capacity."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="forum_rooms")
    code = models.SlugField(_("code"), max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("forum room")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="forum_room_code_unique"),
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="forum_room_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name_en


class Speaker(Bilingual, models.Model):
    """A speaker of one edition's forum, with a bilingual affiliation and biography."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="forum_speakers")
    code = models.SlugField(_("code"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    affiliation_en = models.CharField(_("affiliation (English)"), max_length=200, blank=True)
    affiliation_zh = models.CharField(_("affiliation (Chinese)"), max_length=200, blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    bio_zh = models.TextField(_("biography (Chinese)"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["edition", "name_en"]
        verbose_name = _("speaker")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="speaker_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_en


class Session(Bilingual, models.Model):
    """A session of a sub-forum, in a room at a time."""

    class Access(models.TextChoices):
        OPEN = "open", _("Open to all badge holders")
        REGISTRATION = "registration", _("Registration required")
        INVITATION = "invitation", _("By invitation only")

    class Language(models.TextChoices):
        EN = "en", _("English")
        ZH = "zh", _("Chinese")
        BOTH = "en+zh", _("English and Chinese")

    class Interpretation(models.TextChoices):
        NONE = "none", _("None")
        SIMULTANEOUS = "simultaneous", _("Simultaneous (English/Chinese)")
        CONSECUTIVE = "consecutive", _("Consecutive")

    subforum = models.ForeignKey(SubForum, on_delete=models.CASCADE, related_name="sessions")
    code = models.SlugField(_("code"), max_length=60, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    abstract_en = models.TextField(_("abstract (English)"), blank=True)
    abstract_zh = models.TextField(_("abstract (Chinese)"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room label"), max_length=60, blank=True)
    room_ref = models.ForeignKey(
        Room,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("room"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.ZH
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=16,
        choices=Interpretation.choices,
        default=Interpretation.SIMULTANEOUS,
    )
    access = models.CharField(
        _("access"), max_length=16, choices=Access.choices, default=Access.REGISTRATION
    )
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions")

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("forum session")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
            models.UniqueConstraint(
                fields=["subforum", "code"], condition=~Q(code=""), name="session_code_unique"
            ),
        ]
        indexes = [models.Index(fields=["room_ref", "starts_at"])]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def abstract(self) -> str:
        return self.localized("abstract")


class SessionSpeaker(models.Model):
    """A speaker's part in a session, in running order."""

    class Role(models.TextChoices):
        KEYNOTE = "keynote", _("Keynote speaker")
        SPEAKER = "speaker", _("Speaker")
        PANELLIST = "panellist", _("Panellist")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="session_links")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order"]
        verbose_name = _("session speaker")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker"], name="session_speaker_unique")
        ]

    def __str__(self) -> str:
        return f"{self.speaker} @ {self.session}"


class Invitation(models.Model):
    """An invitation code to an invitation-only session, usable `max_uses` times."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    code = models.CharField(_("code"), max_length=32, unique=True)
    note = models.CharField(_("for"), max_length=200, blank=True)
    max_uses = models.PositiveIntegerField(_("uses allowed"), default=1)
    used = models.PositiveIntegerField(_("uses"), default=0)
    revoked = models.BooleanField(_("revoked"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        constraints = [
            models.CheckConstraint(
                condition=Q(used__lte=F("max_uses")), name="invitation_uses_within_limit"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Registration(models.Model):
    """A person's seat (or place on the waiting list) at a session.

    Confirmed registrations hold a seat number 1..capacity (unique per session);
    waitlisted ones queue by `id`; a cancelled one keeps its history but no seat.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_registrations"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    seat_no = models.PositiveIntegerField(_("seat"), null=True, blank=True)
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("session registration")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_person",
            ),
            models.UniqueConstraint(
                fields=["session", "seat_no"],
                condition=Q(seat_no__isnull=False),
                name="registration_seat_unique",
            ),
            models.CheckConstraint(
                condition=(Q(status="confirmed") & Q(seat_no__gte=1))
                | (~Q(status="confirmed") & Q(seat_no__isnull=True)),
                name="registration_seat_iff_confirmed",
            ),
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}: {self.status}"


class Attendance(models.Model):
    """A person seen at a session's door (badge scan or manual check-in)."""

    class Method(models.TextChoices):
        BADGE = "badge", _("Badge scan")
        MANUAL = "manual", _("Manual")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="attendances"
    )
    method = models.CharField(max_length=8, choices=Method.choices, default=Method.MANUAL)
    badge_number = models.PositiveBigIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.session}"


class AgendaItem(models.Model):
    """A session a person saved to their agenda (open sessions need no registration)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("agenda item")
        constraints = [models.UniqueConstraint(fields=["user", "session"], name="agenda_item_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.session}"
