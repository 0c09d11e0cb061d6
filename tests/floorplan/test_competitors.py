"""Competitor pairs: kept per edition, managed by organisers (services, page, API, admin),
fed to the allocation and to the checker of the stored plan."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction

from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import AuditEntry
from openexpo.floorplan import services
from openexpo.floorplan.allocation import allocation_start, plan_check, problem_for
from openexpo.floorplan.competitors import competitor_pair_add, competitor_pair_remove
from openexpo.floorplan.models import Booth, CompetitorPair
from openexpo.solvers.booths import Rect
from tests.factories import CompanyFactory, EditionFactory, ParticipationFactory


def pair(organiser, edition, a, b, note=""):
    return competitor_pair_add(
        actor=organiser, edition=edition, company_a=a, company_b=b, note=note
    )


def test_pair_is_stored_once_in_id_order(organiser, edition, approved, company_a, company_b):
    p = pair(organiser, edition, company_b, company_a, " rival pumps ")
    assert (p.company_a_id, p.company_b_id) == (
        min(company_a.pk, company_b.pk),
        max(company_a.pk, company_b.pk),
    )
    assert p.note == "rival pumps" and p.created_by == organiser
    with pytest.raises(DomainError) as err:
        pair(organiser, edition, company_a, company_b)
    assert err.value.code == "competitor_pair_conflict"
    assert CompetitorPair.objects.count() == 1
    entry = AuditEntry.objects.get(action="competitor_pair.add")
    assert entry.after["companies"] == [p.company_a_id, p.company_b_id]


def test_bad_pairs_are_refused_and_nothing_changes(
    organiser, exhibitor_a, edition, approved, company_a, company_b
):
    with pytest.raises(DomainError) as err:
        pair(organiser, edition, company_a, company_a)
    assert err.value.code == "competitor_self"
    outsider = CompanyFactory(name_en="Not Applied Ltd")
    with pytest.raises(DomainError) as err:
        pair(organiser, edition, company_a, outsider)
    assert err.value.code == "competitor_not_applied" and "Not Applied Ltd" in err.value.message
    other = EditionFactory(number=7)
    with pytest.raises(DomainError) as err:
        pair(organiser, other, company_a, company_b)
    assert err.value.code == "competitor_not_applied"
    with pytest.raises(PermissionDenied):
        pair(exhibitor_a, edition, company_a, company_b)
    assert CompetitorPair.objects.count() == 0


def test_database_refuses_reversed_or_duplicate_rows(edition, company_a, company_b):
    low, high = sorted((company_a, company_b), key=lambda c: c.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetitorPair.objects.create(edition=edition, company_a=high, company_b=low)
    CompetitorPair.objects.create(edition=edition, company_a=low, company_b=high)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetitorPair.objects.create(edition=edition, company_a=low, company_b=high)


def test_remove(organiser, exhibitor_a, edition, approved, company_a, company_b):
    p = pair(organiser, edition, company_a, company_b)
    with pytest.raises(PermissionDenied):
        competitor_pair_remove(actor=exhibitor_a, pair=p)
    assert CompetitorPair.objects.count() == 1
    competitor_pair_remove(actor=organiser, pair=p)
    assert CompetitorPair.objects.count() == 0
    assert AuditEntry.objects.filter(action="competitor_pair.remove").count() == 1


def _allocate(organiser, edition, capture):
    with capture(execute=True):
        job = allocation_start(actor=organiser, edition=edition, time_limit=2)
    job.refresh_from_db()
    assert job.status == "done", job.message
    return {b.participation_id: b for b in Booth.objects.all()}


def _gap(a: Booth, b: Booth) -> int:
    return Rect(a.x, a.y, a.width, a.depth).gap(Rect(b.x, b.y, b.width, b.depth))


def test_allocation_keeps_the_pair_apart(
    organiser, hall, approved, company_a, company_b, django_capture_on_commit_callbacks
):
    a, b = approved
    booths = _allocate(organiser, hall.edition, django_capture_on_commit_callbacks)
    assert _gap(booths[a.pk], booths[b.pk]) < 8  # without the pair they are neighbours
    pair(organiser, hall.edition, company_a, company_b)
    problem = problem_for(hall.edition)
    assert {x.id: x.competitors for x in problem.applications} == {a.pk: (b.pk,), b.pk: (a.pk,)}
    booths = _allocate(organiser, hall.edition, django_capture_on_commit_callbacks)
    assert set(booths) == {a.pk, b.pk}
    assert _gap(booths[a.pk], booths[b.pk]) >= problem.competitor_gap
    assert plan_check(hall.edition) == []


def test_allocation_keeps_away_from_a_pinned_competitor(
    organiser, hall, approved, company_a, company_b, django_capture_on_commit_callbacks
):
    a, b = approved
    pinned = services.booth_create(
        actor=organiser, hall=hall, code="1.1H-P1", x=0, y=0, width=8, depth=9, participation=a
    )
    pair(organiser, hall.edition, company_a, company_b)
    booths = _allocate(organiser, hall.edition, django_capture_on_commit_callbacks)
    assert booths[a.pk].pk == pinned.pk
    assert _gap(pinned, booths[b.pk]) >= 8
    problem = problem_for(hall.edition)
    assert [x.id for x in problem.applications] == [a.pk, b.pk]
    assert [p.app_id for p in problem.pinned] == [a.pk]


def test_checker_reports_a_pair_moved_side_by_side(organiser, hall, approved, company_a, company_b):
    a, b = approved
    ba = services.booth_create(
        actor=organiser, hall=hall, code="1.1H-A01", x=0, y=0, width=8, depth=9, participation=a
    )
    bb = services.booth_create(
        actor=organiser, hall=hall, code="1.1H-A02", x=30, y=0, width=12, depth=9, participation=b
    )
    assert plan_check(hall.edition) == []
    services.booth_move(actor=organiser, booth=bb, x=8, y=0)
    assert plan_check(hall.edition) == []  # neighbours, but not (yet) a pair
    pair(organiser, hall.edition, company_a, company_b)
    low = ba if company_a.pk < company_b.pk else Booth.objects.get(pk=bb.pk)
    other = "Beta Foods Ltd (1.1H-A02)" if low == ba else "Alpha Medical GmbH (1.1H-A01)"
    assert plan_check(hall.edition) == [
        {
            "code": "competitors_near",
            "booth": low.code,
            "booth_id": low.pk,
            "company": low.participation.company.name_en,
            "detail": f"{other} is closer than 8 m",
        }
    ]


def test_checker_reports_a_booth_of_an_application_no_longer_approved(organiser, hall, approved):
    a, _ = approved
    services.booth_create(
        actor=organiser, hall=hall, code="1.1H-A01", x=0, y=0, width=8, depth=9, participation=a
    )
    Booth.objects.filter(participation=a).update(pinned=False)
    type(a).objects.filter(pk=a.pk).update(status="withdrawn")
    found = plan_check(hall.edition)
    assert [(v["code"], v["booth"], v["detail"]) for v in found] == [
        ("unknown_application", "1.1H-A01", "the booth's application is not approved")
    ]


# --- the organiser page ---------------------------------------------------------------


def test_page_adds_lists_and_removes(client, organiser, edition, approved, company_a, company_b):
    client.force_login(organiser)
    page = client.get("/floorplan/6/plan/competitors/")
    html = page.content.decode()
    assert (
        page.status_code == 200 and f'<option value="Alpha Medical GmbH #{company_a.pk}">' in html
    )
    r = client.post(
        "/floorplan/6/plan/competitors/",
        {"company_a": f"Alpha Medical GmbH #{company_a.pk}", "company_b": "beta foods ltd"},
    )
    assert r.status_code == 302
    p = CompetitorPair.objects.get()
    html = client.get("/floorplan/6/plan/competitors/").content.decode()
    assert f'id="pair-{p.pk}"' in html and "Beta Foods Ltd" in html
    desk = client.get("/floorplan/6/plan/").content.decode()
    assert "1 competitor pair kept apart" in desk
    r = client.post(f"/floorplan/6/plan/competitors/{p.pk}/remove/")
    assert r.status_code == 302 and CompetitorPair.objects.count() == 0


@pytest.mark.parametrize(
    "a, b, words",
    [
        ("Alpha Medical GmbH", "Alpha Medical GmbH", "cannot be its own competitor"),
        ("Alpha Medical GmbH", "Nobody Inc", "No company named “Nobody Inc” applied"),
        ("Alpha Medical GmbH", "Whatever #999999", "No company #999999 applied"),
    ],
)
def test_page_bad_input_names_the_problem(client, organiser, edition, approved, a, b, words):
    client.force_login(organiser)
    r = client.post("/floorplan/6/plan/competitors/", {"company_a": a, "company_b": b})
    assert r.status_code == 400 and words in r.content.decode()
    assert CompetitorPair.objects.count() == 0


def test_page_is_for_organisers(client, exhibitor_a, edition, approved, company_a, company_b):
    client.force_login(exhibitor_a)
    assert client.get("/floorplan/6/plan/competitors/").status_code == 404
    r = client.post(
        "/floorplan/6/plan/competitors/",
        {"company_a": "Alpha Medical GmbH", "company_b": "Beta Foods Ltd"},
    )
    assert r.status_code == 404 and CompetitorPair.objects.count() == 0


def test_page_query_count_is_flat(client, organiser, edition, area, django_assert_max_num_queries):
    companies = [CompanyFactory() for _ in range(8)]
    for c in companies:
        ParticipationFactory(company=c, edition=edition, area=area)
    client.force_login(organiser)
    pair(organiser, edition, companies[0], companies[1])
    with django_assert_max_num_queries(12) as few:
        client.get("/floorplan/6/plan/competitors/")
    for i in (2, 4):
        pair(organiser, edition, companies[i], companies[i + 1])
    with django_assert_max_num_queries(len(few)):
        client.get("/floorplan/6/plan/competitors/")


# --- API and admin --------------------------------------------------------------------


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_api_list_add_remove(
    client, organiser, exhibitor_a, edition, approved, company_a, company_b
):
    client.force_login(exhibitor_a)
    body = {"company_a": company_a.pk, "company_b": company_b.pk}
    assert _post(client, "/api/editions/6/competitor-pairs", body).status_code == 403
    assert client.get("/api/editions/6/competitor-pairs").status_code == 403
    assert CompetitorPair.objects.count() == 0
    client.force_login(organiser)
    r = _post(client, "/api/editions/6/competitor-pairs", {**body, "note": "same pumps"})
    assert r.status_code == 201
    got = r.json()
    assert (got["edition"], got["note"]) == (6, "same pumps")
    assert {got["company_a_name"], got["company_b_name"]} == {
        "Alpha Medical GmbH",
        "Beta Foods Ltd",
    }
    again = _post(
        client,
        "/api/editions/6/competitor-pairs",
        {"company_a": company_b.pk, "company_b": company_a.pk},
    )
    assert again.status_code == 409 and again.json()["code"] == "competitor_pair_conflict"
    self_pair = _post(
        client,
        "/api/editions/6/competitor-pairs",
        {"company_a": company_a.pk, "company_b": company_a.pk},
    )
    assert self_pair.status_code == 400 and self_pair.json()["code"] == "competitor_self"
    listed = client.get("/api/editions/6/competitor-pairs").json()
    assert [p["id"] for p in listed] == [got["id"]]
    client.force_login(exhibitor_a)
    assert client.delete(f"/api/competitor-pairs/{got['id']}").status_code == 403
    client.force_login(organiser)
    assert client.delete(f"/api/competitor-pairs/{got['id']}").status_code == 204
    assert client.delete(f"/api/competitor-pairs/{got['id']}").status_code == 404
    assert CompetitorPair.objects.count() == 0


def test_admin_adds_in_either_order_and_removes(
    client, organiser, edition, approved, company_a, company_b
):
    client.force_login(organiser)
    low, high = sorted((company_a, company_b), key=lambda c: c.pk)
    r = client.post(
        "/admin/floorplan/competitorpair/add/",
        {"edition": edition.pk, "company_a": high.pk, "company_b": low.pk, "note": "feud"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    p = CompetitorPair.objects.get()
    assert (p.company_a, p.company_b, p.note) == (low, high, "feud")
    dup = client.post(
        "/admin/floorplan/competitorpair/add/",
        {"edition": edition.pk, "company_a": low.pk, "company_b": high.pk},
    )
    assert dup.status_code == 200 and CompetitorPair.objects.count() == 1
    self_pair = client.post(
        "/admin/floorplan/competitorpair/add/",
        {"edition": edition.pk, "company_a": low.pk, "company_b": low.pk},
    )
    assert "cannot be its own competitor" in self_pair.content.decode()
    r = client.post(f"/admin/floorplan/competitorpair/{p.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and CompetitorPair.objects.count() == 0
    assert AuditEntry.objects.filter(action="competitor_pair.remove").count() == 1
