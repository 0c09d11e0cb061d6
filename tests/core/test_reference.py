"""The HS product tree: package load, CSV replace, malformed files, the load-hs command."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openexpo.core.errors import DomainError
from openexpo.core.models import ProductCategory
from openexpo.core.reference.hs import hs_load_from_csv, hs_load_from_package
from openexpo.core.reference.hs_zh import CHAPTER_ZH, SECTION_ZH
from tests.factories import ExhibitFactory

HS_CSV = Path("/work/shared/data/hs/harmonized-system.csv")
HEADER = "section,hscode,description,parent,level\n"
GOOD = (
    HEADER
    + "I,01,Animals; live,TOTAL,2\n"
    + "I,0101,Horses; live,01,4\n"
    + "I,010121,Horses; pure-bred,0101,6\n"
    + "VI,30,Pharmaceutical products,TOTAL,2\n"
    + "VI,3004,Medicaments,30,4\n"
    + "VI,300490,Medicaments; other,3004,6\n"
    + "TOTAL,TOTAL,Total of all commodities,TOTAL,5\n"
)

pytestmark = pytest.mark.django_db


def _levels() -> dict[int, int]:
    return {level: ProductCategory.objects.filter(level=level).count() for level in (1, 2, 4, 6)}


def _snapshot() -> list[tuple]:
    return list(
        ProductCategory.objects.order_by("code").values_list(
            "id", "code", "level", "parent_id", "section", "chapter", "name_en", "name_zh"
        )
    )


def _write(tmp_path: Path, text: str | bytes, name: str = "hs.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_package_load_counts_names_and_links():
    total = hs_load_from_package()
    # HS 2022: chapters 01-97 without the reserved 77; Comtrade pseudo-codes 99... skipped.
    assert _levels() == {1: 21, 2: 96, 4: 1228, 6: 5612}
    assert total == 21 + 96 + 1228 + 5612
    assert not ProductCategory.objects.filter(code__in=["99", "9999", "999999", "TOTAL"]).exists()
    assert not ProductCategory.objects.filter(level__in=[1, 2], name_zh="").exists()
    assert len(SECTION_ZH) == 21 and len(CHAPTER_ZH) == 96
    chapter = ProductCategory.objects.get(code="30")
    assert (chapter.name_zh, chapter.section, chapter.chapter, chapter.parent.code) == (
        "药品",
        "VI",
        "30",
        "VI",
    )
    assert ProductCategory.objects.get(code="VI").name_zh == "化学工业及其相关工业的产品"
    assert ProductCategory.objects.get(code="I").name_en == "Live animals; animal products"
    sub = ProductCategory.objects.select_related("parent__parent").get(code="300490")
    assert (sub.level, sub.section, sub.chapter, sub.parent.code, sub.parent.parent.code) == (
        6,
        "VI",
        "30",
        "3004",
        "30",
    )
    assert sub.name_zh == ""
    assert not ProductCategory.objects.filter(level__gt=1, parent=None).exists()
    assert not ProductCategory.objects.filter(level=1).exclude(parent=None).exists()


def test_package_load_is_idempotent_and_keeps_ids(django_assert_max_num_queries):
    hs_load_from_package()
    ProductCategory.objects.filter(code="0101").update(name_zh="马、驴、骡")
    before = _snapshot()
    with django_assert_max_num_queries(12):
        hs_load_from_package()
    assert _snapshot() == before


def test_csv_load_replaces_by_code_and_keeps_exhibits(tmp_path):
    hs_load_from_package()
    medicament = ProductCategory.objects.get(code="300490")
    horse = ProductCategory.objects.get(code="010121")
    ProductCategory.objects.filter(code="0101").update(name_zh="马、驴、骡")
    kept = ExhibitFactory(category=medicament)
    gone = ExhibitFactory(category=ProductCategory.objects.get(code="870110"))
    assert hs_load_from_csv(_write(tmp_path, GOOD)) == 2 + 2 + 2 + 2
    assert sorted(ProductCategory.objects.values_list("code", flat=True)) == sorted(
        ["I", "VI", "01", "0101", "010121", "30", "3004", "300490"]
    )
    assert ProductCategory.objects.get(code="300490").pk == medicament.pk
    assert ProductCategory.objects.get(code="010121").pk == horse.pk
    assert ProductCategory.objects.get(code="3004").name_en == "Medicaments"
    assert ProductCategory.objects.get(code="0101").name_zh == "马、驴、骡"
    assert ProductCategory.objects.get(code="30").name_zh == "药品"
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert kept.category_id == medicament.pk
    assert gone.category_id is None


@pytest.mark.skipif(not HS_CSV.exists(), reason="shared HS data not present")
def test_csv_load_of_the_official_table_matches_the_package():
    hs_load_from_package()
    package = {row[1]: row[2:] for row in _snapshot()}
    total = hs_load_from_csv(HS_CSV)
    assert _levels() == {1: 21, 2: 96, 4: 1228, 6: 5612}
    assert total == 6957
    loaded = {row[1]: row[2:] for row in _snapshot()}
    assert set(loaded) == set(package)
    assert ProductCategory.objects.get(code="I").name_en == "Live animals; animal products"
    assert ProductCategory.objects.get(code="85").name_zh == CHAPTER_ZH["85"]


BAD_FILES = [
    ("section,hscode,description,level\nI,01,Animals,2\n", 1, "missing column(s) parent"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,0101,Horses,01,3\n", 3, "bad level '3'"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,0101,Horses,01,x\n", 3, "bad level 'x'"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,0101,Horses,02,4\n", 3, "parent '02' does not match"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,0201,Meat,02,4\n", 3, "unknown parent '02'"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,01,Animals again,TOTAL,2\n", 3, "duplicate code 01"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,01A1,Horses,01,4\n", 3, "bad code '01A1'"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,0101,,01,4\n", 3, "empty description"),
    (HEADER + "I,01,Animals,TOTAL,2\nXXX,0101,Horses,01,4\n", 3, "unknown section 'XXX'"),
    (HEADER + "I,01,Animals,TOTAL,2\nI,0101,Horses,01\n", 3, "expected 5 fields"),
    (HEADER + "I,01,Animals,TOTAL,2\nII,0101,Horses,01,4\n", 3, "differs from its parent"),
    (HEADER, 2, "no HS rows"),
    (
        (HEADER + "I,01,Animals,TOTAL,2\nI,0101,Caf\xe9,01,4\n").encode("latin-1"),
        3,
        "not UTF-8",
    ),
]


@pytest.mark.parametrize(("content", "line", "reason"), BAD_FILES)
def test_malformed_csv_names_line_and_loads_nothing(tmp_path, content, line, reason):
    hs_load_from_csv(_write(tmp_path, GOOD, "good.csv"))
    before = _snapshot()
    path = _write(tmp_path, content)
    with pytest.raises(DomainError) as caught:
        hs_load_from_csv(path)
    assert f"hs.csv line {line}: " in caught.value.message
    assert reason in caught.value.message
    assert caught.value.code == "hs_file_invalid"
    assert _snapshot() == before


def test_sections_csv_beside_the_file_names_the_sections(tmp_path):
    _write(tmp_path, "\ufeffsection,name\nI,Live beasts\nVI,Chemicals\n", "sections.csv")
    hs_load_from_csv(_write(tmp_path, GOOD))
    assert dict(ProductCategory.objects.filter(level=1).values_list("code", "name_en")) == {
        "I": "Live beasts",
        "VI": "Chemicals",
    }
    assert ProductCategory.objects.get(code="VI").name_zh == SECTION_ZH["VI"]


def test_bad_sections_csv_loads_nothing(tmp_path):
    hs_load_from_csv(_write(tmp_path, GOOD, "good.csv"))
    before = _snapshot()
    _write(tmp_path, "section,name\nI,Live beasts\nI,Again\n", "sections.csv")
    with pytest.raises(DomainError, match=r"sections.csv line 3: duplicate section I"):
        hs_load_from_csv(_write(tmp_path, GOOD))
    assert _snapshot() == before


def test_load_hs_command(tmp_path, capsys):
    call_command("load-hs", str(_write(tmp_path, GOOD)))
    assert "Loaded 8 HS nodes (2 sections, 2 chapters, 2 headings, 2 subheadings)" in (
        capsys.readouterr().out
    )
    before = _snapshot()
    bad = _write(tmp_path, HEADER + "I,01,Animals,TOTAL,2\nI,0101,Horses,01,3\n", "bad.csv")
    with pytest.raises(CommandError, match=r"Nothing loaded\. bad\.csv line 3: bad level '3'"):
        call_command("load_hs", str(bad))
    assert _snapshot() == before


def test_load_reference_command(capsys):
    call_command("load_reference")
    call_command("load_reference")
    assert _levels() == {1: 21, 2: 96, 4: 1228, 6: 5612}
    assert "Countries, regions and organisations: 265" in capsys.readouterr().out
