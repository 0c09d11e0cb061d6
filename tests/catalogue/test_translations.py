"""Simplified Chinese is complete: every msgid in the code has a translation, placeholders
match, and the compiled .mo says the same as the .po."""

from __future__ import annotations

import gettext
import os
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "openexpo" / "locale"
PO = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
HOW_TO = (
    "Re-extract and translate: python manage.py makemessages -l zh_Hans --no-obsolete "
    "--ignore='tests/*' --ignore='bench/*' --ignore='var/*' --ignore='node_modules/*' "
    "--ignore='.venv/*', fill every empty msgstr, then python manage.py compilemessages -l zh_Hans"
)


def _catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f, locale="zh_Hans")


def _untranslated(catalog) -> list:
    out = []
    for msg in catalog:
        if not msg.id:
            continue
        strings = msg.string if isinstance(msg.string, tuple | list) else (msg.string,)
        if msg.fuzzy or not all(strings):
            out.append(msg.id)
    return out


def test_committed_catalogue_is_complete_and_consistent():
    catalog = _catalog(PO)
    assert len(catalog) > 100
    assert _untranslated(catalog) == [], HOW_TO
    problems = [(msg.id, [str(e) for e in errors]) for msg, errors in catalog.check()]
    assert problems == []


def test_compiled_mo_matches_po():
    catalog = _catalog(PO)
    with MO.open("rb") as f:
        mo = gettext.GNUTranslations(f)
    for msg in catalog:
        if not msg.id:
            continue
        if isinstance(msg.id, tuple | list):
            assert mo.ngettext(msg.id[0], msg.id[1], 2) == msg.string[0], msg.id
        else:
            assert mo.gettext(msg.id) == msg.string, f"{msg.id!r}: run compilemessages"


def test_every_string_in_the_code_has_a_translation(tmp_path, monkeypatch):
    """A fresh extraction from the code (into a copy) finds nothing left untranslated."""
    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is missing: .ci/run installs it")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "openexpo"
    shutil.copytree(
        Path(settings.BASE_DIR) / "openexpo",
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static"),
    )
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    fresh = _catalog(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert _untranslated(fresh) == [], HOW_TO
    assert len(fresh) == len(_catalog(PO)), "the committed .po has stale entries: " + HOW_TO
    # apps that keep a catalogue of their own (openexpo/<app>/locale) must be complete too
    for po in sorted(copy.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")):
        assert _untranslated(_catalog(po)) == [], f"{po.relative_to(copy)}: {HOW_TO}"


def test_pages_render_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Exhibit catalogue") == "展品目录"
        assert (
            translation.ngettext("%(shown)s result", "%(shown)s results", 3) % {"shown": "3"}
            == "3条结果"
        )
