"""The search service on the database's engine (run on SQLite and on PostgreSQL)."""

from __future__ import annotations

from openexpo.catalogue import search
from openexpo.catalogue.models import Exhibit
from openexpo.catalogue.search import SearchQuery


def _ids(cat, text: str = "", **filters) -> list[int]:
    return search.search(SearchQuery(text=text, edition_id=cat.edition.pk, filters=filters)).ids


def test_english_words_rank_names_above_descriptions(catalogue):
    result = search.search(SearchQuery(text="insulin", edition_id=catalogue.edition.pk))
    assert result.ids == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
    assert result.total == 2
    assert result.corrected == ""


def test_plural_and_prefix(catalogue):
    assert _ids(catalogue, "tablet ") == [catalogue.ex.tablets.pk]
    assert _ids(catalogue, "Yirga") == [catalogue.ex.beans.pk]


def test_chinese_substring_bigram_and_single_character(catalogue):
    assert _ids(catalogue, "胰岛素") == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
    assert _ids(catalogue, "咖啡豆") == [catalogue.ex.beans.pk]
    assert _ids(catalogue, "豆") == [catalogue.ex.beans.pk]
    # characters present but not adjacent do not match
    assert _ids(catalogue, "泵心") == []


def test_mixed_scripts_need_every_part(catalogue):
    assert _ids(catalogue, "insulin 泵") == [catalogue.ex.pump.pk]
    assert _ids(catalogue, "coffee 药片") == []


def test_english_typo_is_corrected_against_names(catalogue):
    result = search.search(SearchQuery(text="insullin pmup", edition_id=catalogue.edition.pk))
    assert result.corrected == "insulin pump"
    assert result.ids == [catalogue.ex.pump.pk]


def test_facets_count_matches(catalogue):
    result = search.search(SearchQuery(text="", edition_id=catalogue.edition.pk))
    assert result.total == 5
    f = result.facets
    assert f["country"] == [("DE", 3), ("ET", 2)]
    assert f["region"] == [("Europe", 3), ("Africa", 2)]
    assert f["chapter"] == [("90", 2), ("09", 1), ("30", 1)]
    assert f["section"] == [("XVIII", 2), ("II", 1), ("VI", 1)]
    assert f["launch"] == [("asia", 1), ("china", 1), ("global", 1)]
    assert f["ldc"] == [("1", 2)]
    assert f["size"] == [("fortune500", 3), ("sme", 2)]
    assert f["area"] == [(str(catalogue.medical.pk), 3), (str(catalogue.food.pk), 2)]
    assert "heading" not in f


def test_filters_narrow_results_and_facets(catalogue):
    result = search.search(SearchQuery(edition_id=catalogue.edition.pk, filters={"chapter": "90"}))
    assert sorted(result.ids) == sorted([catalogue.ex.pump.pk, catalogue.ex.pen.pk])
    assert result.facets["heading"] == [("9018", 2)]
    assert sorted(_ids(catalogue, ldc="1")) == sorted(
        [catalogue.ex.beans.pk, catalogue.ex.uncategorised.pk]
    )
    assert sorted(_ids(catalogue, launch="any")) == sorted(
        [catalogue.ex.pump.pk, catalogue.ex.tablets.pk, catalogue.ex.beans.pk]
    )
    assert _ids(catalogue, "insulin", launch="global", country="de") == [catalogue.ex.pump.pk]
    assert _ids(catalogue, region="Africa", section="II") == [catalogue.ex.beans.pk]
    assert _ids(catalogue, size="sme", area=str(catalogue.food.pk), heading="0901") == [
        catalogue.ex.beans.pk
    ]


def test_unapproved_participations_are_not_public(catalogue):
    assert _ids(catalogue, "secret") == []
    assert _ids(catalogue, "秘密") == []


def test_company_directory_search(catalogue):
    result = search.search(
        SearchQuery(text="咖啡", kind="company", edition_id=catalogue.edition.pk)
    )
    assert result.ids == [catalogue.p_kaffa.pk]
    everyone = search.search(SearchQuery(kind="company", edition_id=catalogue.edition.pk))
    assert everyone.ids == [catalogue.p_alpha.pk, catalogue.p_kaffa.pk]
    assert everyone.facets["ldc"] == [("1", 1)]
    # a company is found by the names of its exhibits too
    assert search.search(SearchQuery(text="insulin", kind="company")).ids == [catalogue.p_alpha.pk]


BAD_INPUTS = [
    '"insulin',
    'insulin"',
    "insulin*",
    "*",
    "insulin:pump",
    ":",
    "-insulin",
    "insulin -pump",
    "insulin & pump",
    "&&",
    "(insulin)",
    "((",
    ")",
    "NEAR(insulin pump)",
    "insulin OR pump",
    "AND",
    "'",
    "\\",
    "%",
    "_",
    "x" * 5000,
    "😀",
    "insulin 😀",
    "胰岛素😀泵",
    "   ",
    "",
    "\x00",
    "'; DROP TABLE catalogue_exhibit; --",
    "insulin:* & !pump",
    "<->",
    "a" * 70,
]


def test_bad_input_never_raises(catalogue):
    for text in BAD_INPUTS:
        result = search.search(SearchQuery(text=text, edition_id=catalogue.edition.pk))
        assert result.total >= len(result.ids), text
        company = search.search(
            SearchQuery(text=text, kind="company", filters={"area": text, "ldc": text})
        )
        assert company.total >= len(company.ids), text
    assert Exhibit.objects.count() == 6


def test_bad_input_gives_sensible_results(catalogue):
    pump, pen = catalogue.ex.pump.pk, catalogue.ex.pen.pk
    assert _ids(catalogue, '"insulin"') == [pump, pen]
    assert _ids(catalogue, "(insulin) & pump*") == [pump]
    assert _ids(catalogue, "insulin:pump") == [pump]
    assert _ids(catalogue, "胰岛素😀") == [pump, pen]
    assert len(_ids(catalogue, "😀")) == 5  # nothing searchable: the whole catalogue
    assert _ids(catalogue, "x" * 5000) == []


def test_paging_is_stable(catalogue):
    first = search.search(SearchQuery(edition_id=catalogue.edition.pk, per_page=2, page=1))
    second = search.search(SearchQuery(edition_id=catalogue.edition.pk, per_page=2, page=2))
    third = search.search(SearchQuery(edition_id=catalogue.edition.pk, per_page=2, page=3))
    assert len(first.ids + second.ids + third.ids) == 5
    assert len(set(first.ids + second.ids + third.ids)) == 5


def test_index_follows_writes(catalogue):
    pump = catalogue.ex.pump
    Exhibit.objects.filter(pk=pump.pk).update(name_en="Glucose Monitor", name_zh="血糖仪")
    search.index_exhibits([pump.pk])
    assert _ids(catalogue, "glucose") == [pump.pk]
    assert _ids(catalogue, "血糖") == [pump.pk]
    assert _ids(catalogue, "insulin") == [catalogue.ex.pen.pk]
    # a new name word is learnt by the typo corrector at once
    assert search.search(SearchQuery(text="glucoze", edition_id=catalogue.edition.pk)).ids == [
        pump.pk
    ]
    pump_id = pump.pk
    pump.delete()
    search.index_exhibits([pump_id])
    assert _ids(catalogue, "glucose") == []


def test_facet_table_catches_up_after_writes_without_a_reload(catalogue):
    from openexpo.catalogue import search_store

    first = search_store.get()
    pump = catalogue.ex.pump
    Exhibit.objects.filter(pk=pump.pk).update(launch_type="asia")
    search.index_exhibits([pump.pk])
    result = search.search(SearchQuery(edition_id=catalogue.edition.pk, filters={"launch": "asia"}))
    assert sorted(result.ids) == sorted([pump.pk, catalogue.ex.beans.pk])
    caught_up = search_store.get()
    assert caught_up.generation == first.generation
    assert len(caught_up.ids) == len(first.ids) + 1  # the old row stays, marked dead
    assert result.facets["launch"] == [("asia", 2)]
    search.rebuild()
    assert search_store.get().generation != first.generation
