"""Simplified Chinese: group digits by three with commas, as official statistics print them
(Django's default groups by four with no separator)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
