"""The engine's scope: a query is kept to one kind at one edition, and a selective facet
filter may hand the engine the ids it leaves; the answers stay those of a plain match."""

from __future__ import annotations

import pytest
from django.db import connection

from openexpo.catalogue import search
from openexpo.catalogue.search import SearchQuery
from tests.factories import AreaFactory, EditionFactory, ExhibitFactory, ParticipationFactory


def _ids(text: str, edition_id: int | None, kind: str = "exhibit") -> list[int]:
    return search.search(SearchQuery(text=text, kind=kind, edition_id=edition_id)).ids


def test_other_editions_and_kinds_stay_out(catalogue):
    edition7 = EditionFactory(number=7)
    part = ParticipationFactory(
        company=catalogue.kaffa, edition=edition7, area=AreaFactory(edition=edition7)
    )
    later = ExhibitFactory(participation=part, name_en="Insulin Pump Z9", name_zh="胰岛素泵Z9")
    search.index_participations([part.pk])
    pump, pen = catalogue.ex.pump.pk, catalogue.ex.pen.pk
    assert _ids("insulin", catalogue.edition.pk) == [pump, pen]
    assert _ids("胰岛素", catalogue.edition.pk) == [pump, pen]
    assert _ids("insulin", edition7.pk) == [later.pk]
    assert _ids("胰岛素泵", edition7.pk) == [later.pk]
    assert sorted(_ids("insulin", None)) == sorted([pump, pen, later.pk])
    # companies are found by their exhibits' names, each at its own edition
    assert _ids("insulin", catalogue.edition.pk, "company") == [catalogue.p_alpha.pk]
    assert _ids("insulin", edition7.pk, "company") == [part.pk]


CASES = [
    ("insulin", {"chapter": "90"}),
    ("insulin", {"country": "DE", "launch": "global"}),
    ("胰岛素", {"chapter": "90"}),
    ("coffee", {"ldc": "1"}),
    ("coffee", {"section": "II"}),
    ("咖啡", {"region": "Africa"}),
    ("insulin", {"chapter": "09"}),
    ("insullin", {"chapter": "90"}),
    ("heart", {"launch": "any"}),
]


@pytest.mark.parametrize("kind", ["exhibit", "company"])
def test_ids_handed_to_the_engine_change_nothing(catalogue, monkeypatch, kind):
    def run(only_max: int) -> list[tuple]:
        monkeypatch.setattr(search, "ONLY_MAX", only_max)
        out = []
        for text, filters in CASES:
            r = search.search(
                SearchQuery(text=text, kind=kind, edition_id=catalogue.edition.pk, filters=filters)
            )
            out.append((r.ids, r.total, r.facets, r.corrected))
        return out

    plain, narrowed = run(0), run(10**9)
    assert narrowed == plain
    if kind == "exhibit":
        assert plain[0][0] == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
        assert plain[6][1] == 0
        assert plain[7][:2] == ([catalogue.ex.pump.pk, catalogue.ex.pen.pk], 2)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's GIN index only")
def test_rebuild_makes_the_gin_index_without_a_pending_list(catalogue):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.reloptions, a.amname FROM pg_class c JOIN pg_am a ON a.oid = c.relam"
            " WHERE c.relname = 'catalogue_searchdoc_tsv'"
        )
        assert cursor.fetchall() == [(["fastupdate=off"], "gin")]
        cursor.execute(
            "SELECT count(*) FROM catalogue_searchdoc WHERE tsv @@ %s::tsquery",
            [f"'_k_exhibit' & '_e_{catalogue.edition.pk}'"],
        )
        assert cursor.fetchone()[0] == 5


def test_rebuild_inside_the_demo_bulk_load_mode(catalogue):
    """The demo sets every secondary index aside and rebuilds it at its end; a search rebuild
    in between must leave the text indexes to it (creating them twice would fail)."""
    from django.db import transaction

    from openexpo.core.demo.fastload import bulk_load_mode

    tables = ["catalogue_searchdoc", "catalogue_searchterm"]
    with transaction.atomic(), bulk_load_mode(tables):
        search.rebuild()
    assert _ids("insulin", catalogue.edition.pk) == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
    assert _ids("胰岛素", catalogue.edition.pk) == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
    query = SearchQuery(text="insullin", edition_id=catalogue.edition.pk)
    assert search.search(query).corrected == "insulin"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname IN"
                " ('catalogue_searchdoc_tsv', 'catalogue_searchterm_trgm') ORDER BY relname"
            )
            assert cursor.fetchall() == [
                ("catalogue_searchdoc_tsv",),
                ("catalogue_searchterm_trgm",),
            ]


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's VACUUM and visibility map"
)
@pytest.mark.django_db(transaction=True)
def test_rebuild_outside_a_transaction_vacuums_the_fresh_table(catalogue):
    with connection.cursor() as cursor:
        cursor.execute("VACUUM catalogue_searchdoc")  # undo what the fixture's rebuild did
        cursor.execute("TRUNCATE catalogue_searchdoc")
        search.rebuild()
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'catalogue_searchdoc'")
        assert cursor.fetchone()[0] >= 1
    assert _ids("insulin", catalogue.edition.pk) == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
