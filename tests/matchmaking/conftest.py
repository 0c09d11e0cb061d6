"""Fixtures of matchmaking tests: a buyer, an exhibitor with exhibits, categories."""

from __future__ import annotations

import datetime as dt

import pytest

from openexpo.matchmaking import recommendations
from tests.factories import (
    CategoryFactory,
    CountryFactory,
    DelegationFactory,
    EditionFactory,
    ExhibitFactory,
    ExhibitorStaffFactory,
    ParticipationFactory,
    UserFactory,
    VisitorFactory,
)

DAY = dt.date(2023, 11, 6)


@pytest.fixture(autouse=True)
def _fresh_index():
    recommendations.cache_clear()
    yield
    recommendations.cache_clear()


@pytest.fixture
def cats(db):
    chapter = CategoryFactory(
        code="02", level=2, section="I", chapter="02", name_en="Meat", name_zh="肉"
    )
    heading = CategoryFactory(
        code="0201",
        level=4,
        section="I",
        chapter="02",
        name_en="Meat of bovine animals",
        name_zh="牛肉",
        parent=chapter,
    )
    beef = CategoryFactory(
        code="020130",
        level=6,
        section="I",
        chapter="02",
        name_en="Boneless bovine meat",
        name_zh="去骨牛肉",
        parent=heading,
    )
    robots = CategoryFactory(
        code="847989",
        level=6,
        section="XVI",
        chapter="84",
        name_en="Machines n.e.s.",
        name_zh="其他机器",
    )
    return {"02": chapter, "0201": heading, "020130": beef, "847989": robots}


@pytest.fixture
def countries(db):
    return {
        "AU": CountryFactory(code="AU", alpha3="AUS", name_en="Australia", name_zh="澳大利亚"),
        "JP": CountryFactory(code="JP", alpha3="JPN", name_en="Japan", name_zh="日本"),
    }


@pytest.fixture
def buyer_user(db):
    return UserFactory(username="buyer", kind="buyer", time_zone="Europe/Berlin")


@pytest.fixture
def delegation(edition):
    lead = UserFactory(username="lead", kind="buyer")
    return DelegationFactory(
        edition=edition, lead=lead, code="sichuan", name_en="Sichuan delegation"
    )


@pytest.fixture
def buyer(edition, buyer_user, delegation):
    return VisitorFactory(
        edition=edition, user=buyer_user, full_name="Wang Fang", delegation=delegation
    )


@pytest.fixture
def meat_part(edition, cats, countries):
    part = ParticipationFactory(
        edition=edition, company__name_en="Outback Meats", company__country=countries["AU"]
    )
    ExhibitFactory(
        participation=part,
        name_en="Chilled grass-fed beef",
        name_zh="冷鲜草饲牛肉",
        description_en="Boneless beef cuts for retail",
        category=cats["020130"],
        origin=countries["AU"],
    )
    return part


@pytest.fixture
def robot_part(edition, cats, countries):
    part = ParticipationFactory(
        edition=edition, company__name_en="Robo Works", company__country=countries["JP"]
    )
    ExhibitFactory(
        participation=part,
        name_en="Welding robot arm",
        name_zh="焊接机器人",
        description_en="Six-axis industrial robot",
        category=cats["847989"],
        origin=countries["JP"],
    )
    return part


@pytest.fixture
def seller_user(meat_part):
    return ExhibitorStaffFactory(company=meat_part.company, user__username="seller").user


@pytest.fixture
def robot_user(robot_part):
    return ExhibitorStaffFactory(company=robot_part.company, user__username="robotics").user


@pytest.fixture
def other_edition(db):
    return EditionFactory(number=7, start_date=dt.date(2024, 11, 5), end_date=dt.date(2024, 11, 10))
