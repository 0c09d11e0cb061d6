"""Exhibitor and organiser pages: sign-up, apply, status and history, the review queue."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from openexpo.core.models import User
from openexpo.exhibitors.models import Company, Participation
from tests.factories import CompanyFactory, ParticipationFactory

S = Participation.Status


def png(size=(40, 20), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 30)).save(out, fmt)
    return out.getvalue()


def signup_data(**kw):
    return {
        "username": "newco",
        "email": "boss@newco.example",
        "password1": "a-Long-pass-123",
        "password2": "a-Long-pass-123",
        "name_en": "NewCo Robotics AG",
        "name_zh": "新公司机器人",
        "country": "DE",
        "size_class": "startup",
        "website": "https://newco.example",
        "description_en": "Robots",
        "description_zh": "机器人",
    } | kw


def test_signup_creates_user_company_staff_and_logs_in(
    client, edition, company_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    response = client.post("/exhibitors/signup/", signup_data(logo=logo))
    assert response.status_code == 302 and response["Location"] == "/exhibitors/my/"
    user = User.objects.get(username="newco")
    company = user.exhibitor_staff.company
    assert (user.kind, company.name_zh, company.country_id, company.size_class) == (
        "exhibitor",
        "新公司机器人",
        "DE",
        "startup",
    )
    assert company.logo.name.startswith("logos/") and company.logo.name.endswith(".png")
    page = client.get("/exhibitors/my/")
    assert b"NewCo Robotics AG" in page.content


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
            b"PNG, JPEG or WebP",
        ),
        (SimpleUploadedFile("logo.gif", png(fmt="GIF")), b"PNG, JPEG or WebP"),
        (SimpleUploadedFile("logo.png", png()[:60]), b"PNG, JPEG or WebP"),
        (SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024)), b"at most 2 MB"),
    ],
)
def test_signup_bad_logo_refused(client, company_a, upload, words):
    response = client.post("/exhibitors/signup/", signup_data(logo=upload))
    assert response.status_code == 200
    assert words in response.content
    assert not User.objects.filter(username="newco").exists()
    assert Company.objects.count() == 1


def test_signup_bad_inputs(client, company_a, exhibitor_a):
    r = client.post("/exhibitors/signup/", signup_data(username="alice"))
    assert b"This user name is taken." in r.content
    r = client.post("/exhibitors/signup/", signup_data(password2="other"))
    assert b"The two passwords differ." in r.content
    r = client.post("/exhibitors/signup/", signup_data(email="not-an-email"))
    assert b"Enter a valid email address." in r.content
    assert Company.objects.count() == 1


def test_apply_page_flow_and_status(client, exhibitor_a, company_a, edition, area, on_commit):
    client.force_login(exhibitor_a)
    form = client.get(f"/exhibitors/apply/?edition={edition.number}")
    assert area.name_en.encode() in form.content
    data = {"area": area.pk, "booth_type": "standard", "area_requested_m2": "20", "plans_en": "X"}
    r = client.post(f"/exhibitors/apply/?edition={edition.number}", data)
    assert b"multiple of 9" in r.content
    assert Participation.objects.count() == 0
    with on_commit():
        r = client.post(
            f"/exhibitors/apply/?edition={edition.number}", data | {"area_requested_m2": "18"}
        )
    part = Participation.objects.get()
    assert r["Location"] == f"/exhibitors/applications/{part.pk}/"
    assert (part.company, part.area_requested_m2, part.status) == (company_a, 18, S.SUBMITTED)
    assert len(mail.outbox) == 1
    page = client.get(r["Location"])
    assert b'id="application-status">Submitted<' in page.content


def test_zone_capacity_error_on_page(client, exhibitor_a, edition, small_area):
    client.force_login(exhibitor_a)
    data = {"area": small_area.pk, "booth_type": "raw", "area_requested_m2": "900"}
    r = client.post(f"/exhibitors/apply/?edition={edition.number}", data)
    assert "more than the zone of Innovation Incubation can hold (500 m²)".encode() in r.content
    assert Participation.objects.count() == 0


def test_company_sees_organiser_message_and_reason(
    client, exhibitor_a, company_a, organiser, edition, area
):
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)
    client.force_login(organiser)
    r = client.post(
        f"/exhibitors/review/{part.pk}/", {"action": "reject", "reason": "Too late, sorry"}
    )
    assert r.status_code == 302
    client.force_login(exhibitor_a)
    page = client.get(f"/exhibitors/applications/{part.pk}/")
    assert b'id="application-status">Rejected<' in page.content
    assert b"Too late, sorry" in page.content


def test_other_company_cannot_see_or_act_on_application(
    client, exhibitor_a, exhibitor_b, company_a, edition, area
):
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)
    client.force_login(exhibitor_b)
    assert client.get(f"/exhibitors/applications/{part.pk}/").status_code == 404
    assert client.get(f"/exhibitors/applications/{part.pk}/edit/").status_code == 404
    r = client.post(
        f"/exhibitors/applications/{part.pk}/edit/",
        {"area": area.pk, "booth_type": "raw", "area_requested_m2": "36"},
    )
    assert r.status_code == 404
    assert client.post(f"/exhibitors/applications/{part.pk}/withdraw/").status_code == 404
    part.refresh_from_db()
    assert (part.status, part.area_requested_m2, part.transitions.count()) == (S.SUBMITTED, 108, 0)


def test_exhibitor_cannot_open_review_pages(client, exhibitor_a, company_a, edition, area):
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)
    client.force_login(exhibitor_a)
    assert client.get("/exhibitors/review/").status_code == 403
    assert client.post(f"/exhibitors/review/{part.pk}/", {"action": "approve"}).status_code == 403
    assert (
        client.post("/exhibitors/review/bulk/", {"action": "approve", "ids": [part.pk]}).status_code
        == 403
    )
    part.refresh_from_db()
    assert part.status == S.SUBMITTED


@pytest.fixture
def queue_data(edition, area, food_area, ethiopia):
    parts = [
        ParticipationFactory(
            company=CompanyFactory(name_en="Alpine Devices"),
            edition=edition,
            area=area,
            status=S.SUBMITTED,
        ),
        ParticipationFactory(
            company=CompanyFactory(name_en="Blue Nile Coffee", country=ethiopia),
            edition=edition,
            area=food_area,
            status=S.SUBMITTED,
            booth_type="standard",
            area_requested_m2=9,
        ),
        ParticipationFactory(
            company=CompanyFactory(name_en="Cedar Foods"),
            edition=edition,
            area=food_area,
            status=S.APPROVED,
        ),
    ]
    return parts


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["Alpine Devices", "Blue Nile Coffee", "Cedar Foods"]),
        ("area=food", ["Blue Nile Coffee", "Cedar Foods"]),
        ("status=approved", ["Cedar Foods"]),
        ("booth_type=standard", ["Blue Nile Coffee"]),
        ("country=et", ["Blue Nile Coffee"]),
        ("ldc=yes", ["Blue Nile Coffee"]),
        ("ldc=no&area=food", ["Cedar Foods"]),
        ("q=alpine", ["Alpine Devices"]),
    ],
)
def test_queue_filters(client, organiser, queue_data, edition, query, names):
    client.force_login(organiser)
    r = client.get(f"/exhibitors/review/?edition={edition.number}&{query}")
    assert r.status_code == 200
    shown = [p.company.name_en for p in r.context["page"]]
    assert shown == names


def test_queue_query_count_flat(client, organiser, edition, area, django_assert_max_num_queries):
    client.force_login(organiser)
    ParticipationFactory(edition=edition, area=area, status=S.SUBMITTED)
    with CaptureQueriesContext(connection) as one:
        client.get("/exhibitors/review/")
    for _ in range(3):
        ParticipationFactory(edition=edition, area=area, status=S.SUBMITTED)
    with CaptureQueriesContext(connection) as four:
        client.get("/exhibitors/review/")
    assert len(four) == len(one)


def test_bulk_action_via_htmx(client, organiser, queue_data, edition, on_commit):
    client.force_login(organiser)
    ids = [queue_data[0].pk, queue_data[1].pk]
    with on_commit():
        r = client.post(
            "/exhibitors/review/bulk/",
            {"action": "waitlist", "ids": ids, "reason": "Hall full", "query": "status=submitted"},
            HTTP_HX_REQUEST="true",
        )
    assert r.status_code == 200
    assert b"2 applications updated." in r.content
    assert [p.status for p in Participation.objects.filter(pk__in=ids)] == [
        "waitlisted",
        "waitlisted",
    ]
    assert len(mail.outbox) == 2
    assert list(r.context["page"]) == []  # the filtered queue (submitted) is now empty


def test_decision_page_grants_ldc_booth_and_quota_form(client, organiser, queue_data, edition):
    client.force_login(organiser)
    ldc = queue_data[1]
    r = client.post(f"/exhibitors/review/quota/{edition.number}/", {"quota": "1"})
    assert r.status_code == 302
    r = client.post(f"/exhibitors/review/{ldc.pk}/", {"action": "approve", "free_ldc_booth": "on"})
    assert r.status_code == 302
    ldc.refresh_from_db()
    assert (ldc.status, ldc.free_ldc_booth) == (S.APPROVED, True)
    r = client.post(f"/exhibitors/review/quota/{edition.number}/", {"quota": "0"}, follow=True)
    assert b"1 free booths are already granted" in r.content
    edition.refresh_from_db()
    assert edition.ldc_free_booth_quota == 1


def test_exhibitor_cannot_approve_itself_in_the_admin(
    client, exhibitor_a, company_a, edition, area
):
    part = ParticipationFactory(company=company_a, edition=edition, area=area, status=S.SUBMITTED)
    client.force_login(exhibitor_a)  # exhibitor staff have is_staff in the factories
    url = f"/admin/exhibitors/participation/{part.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="status"' not in page.content and b'name="free_ldc_booth"' not in page.content
    client.post(
        url,
        {
            "area": area.pk,
            "booth_type": "raw",
            "area_requested_m2": "108",
            "consecutive_editions": "1",
            "status": "approved",
            "free_ldc_booth": "on",
        },
    )
    part.refresh_from_db()
    assert (part.status, part.free_ldc_booth) == (S.SUBMITTED, False)
