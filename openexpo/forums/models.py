"""The Hongqiao forum: sub-forums and their sessions."""

from __future__ import annotations

from django.db import models
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
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="subforum_code_unique")]

    def __str__(self) -> str:
        return self.name_en


class Session(Bilingual, models.Model):
    """A session of a sub-forum, in a room at a time."""

    subforum = models.ForeignKey(SubForum, on_delete=models.CASCADE, related_name="sessions")
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=60, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=0)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("forum session")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title_en
