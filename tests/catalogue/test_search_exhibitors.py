"""The exhibitors' services keep the catalogue's search index in step: a participation that
is approved, withdrawn or moved to another area, and a company renamed."""

from __future__ import annotations

from openexpo.catalogue import search
from openexpo.catalogue.search import SearchQuery
from openexpo.exhibitors import services
from tests.factories import ExhibitorStaffFactory


def _ids(cat, text: str = "", kind: str = "exhibit", **filters) -> list[int]:
    query = SearchQuery(text=text, kind=kind, edition_id=cat.edition.pk, filters=filters)
    return search.search(query).ids


def test_approval_publishes_and_withdrawal_hides(catalogue, organiser):
    secret = catalogue.ex.secret.pk
    assert _ids(catalogue, "secret") == []
    services.participation_approve(actor=organiser, part=catalogue.p_hidden)
    assert _ids(catalogue, "secret") == [secret]
    assert _ids(catalogue, "秘密") == [secret]
    assert _ids(catalogue, "hidden", kind="company") == [catalogue.p_hidden.pk]
    staff = ExhibitorStaffFactory(company=catalogue.p_hidden.company, user__username="hid").user
    services.participation_withdraw(actor=staff, part=catalogue.p_hidden)
    assert _ids(catalogue, "secret") == []
    assert _ids(catalogue, "hidden", kind="company") == []


def test_waitlisting_an_approved_participation_hides_it(catalogue, organiser):
    services.participation_waitlist(actor=organiser, part=catalogue.p_kaffa)
    assert _ids(catalogue, "coffee") == []
    assert _ids(catalogue, kind="company") == [catalogue.p_alpha.pk]


def test_moving_area_moves_the_facet(catalogue, organiser):
    food = str(catalogue.food.pk)
    assert _ids(catalogue, "insulin", area=food) == []
    services.participation_update(
        actor=organiser, part=catalogue.p_alpha, changes={"area": catalogue.food}
    )
    assert _ids(catalogue, "insulin", area=food) == [catalogue.ex.pump.pk, catalogue.ex.pen.pk]
    result = search.search(SearchQuery(edition_id=catalogue.edition.pk))
    assert result.facets["area"] == [(food, 5)]


def test_renamed_company_is_found_by_its_new_name(catalogue, organiser):
    services.company_update(
        actor=organiser, company=catalogue.alpha, changes={"name_en": "Zeta Health"}
    )
    assert _ids(catalogue, "zeta", kind="company") == [catalogue.p_alpha.pk]
    assert sorted(_ids(catalogue, "zeta")) == sorted(
        [catalogue.ex.pump.pk, catalogue.ex.pen.pk, catalogue.ex.tablets.pk]
    )
    assert _ids(catalogue, "alpha", kind="company") == []
