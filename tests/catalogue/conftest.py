"""A small bilingual catalogue for the catalogue tests: two countries, three HS nodes,
three companies (one from a least-developed country, one not approved) and six exhibits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from openexpo.catalogue import search
from openexpo.exhibitors.models import Participation
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    CompanyFactory,
    CountryFactory,
    EditionFactory,
    ExhibitFactory,
    ParticipationFactory,
)


@pytest.fixture
def catalogue(db):
    edition = EditionFactory()
    de = CountryFactory()
    et = CountryFactory(ethiopia=True)
    medical = AreaFactory(edition=edition)
    food = AreaFactory(
        edition=edition,
        code="food",
        name_en="Food and Agricultural Products",
        name_zh="食品及农产品",
    )
    drugs = CategoryFactory()
    pumps = CategoryFactory(
        code="9018",
        level=4,
        section="XVIII",
        chapter="90",
        name_en="Medical instruments",
        name_zh="医疗仪器",
    )
    coffee = CategoryFactory(
        code="0901", level=4, section="II", chapter="09", name_en="Coffee", name_zh="咖啡"
    )
    alpha = CompanyFactory(
        name_en="Alpha Medical GmbH", name_zh="阿尔法医疗", country=de, size_class="fortune500"
    )
    kaffa = CompanyFactory(
        name_en="Kaffa Highlands Coffee", name_zh="卡法高地咖啡", country=et, size_class="sme"
    )
    hidden = CompanyFactory(name_en="Hidden Devices", name_zh="隐藏设备", country=de)
    p_alpha = ParticipationFactory(company=alpha, edition=edition, area=medical)
    p_kaffa = ParticipationFactory(company=kaffa, edition=edition, area=food)
    p_hidden = ParticipationFactory(
        company=hidden, edition=edition, area=medical, status=Participation.Status.SUBMITTED
    )
    ex = SimpleNamespace(
        pump=ExhibitFactory(
            participation=p_alpha,
            name_en="Insulin Pump X2",
            name_zh="胰岛素泵X2",
            description_en="Wearable pump for diabetes care.",
            description_zh="用于糖尿病护理的可穿戴泵。",
            category=pumps,
            launch_type="global",
        ),
        pen=ExhibitFactory(
            participation=p_alpha,
            name_en="Smart Pen",
            name_zh="智能注射笔",
            description_en="Connected pen that doses insulin.",
            description_zh="可连接的胰岛素注射笔。",
            category=pumps,
        ),
        tablets=ExhibitFactory(
            participation=p_alpha,
            name_en="Heart Tablets",
            name_zh="心脏药片",
            description_en="Medicaments for the heart.",
            category=drugs,
            launch_type="china",
        ),
        beans=ExhibitFactory(
            participation=p_kaffa,
            name_en="Yirgacheffe Coffee Beans",
            name_zh="耶加雪菲咖啡豆",
            description_en="Washed arabica beans.",
            category=coffee,
            launch_type="asia",
        ),
        uncategorised=ExhibitFactory(
            participation=p_kaffa,
            name_en="Gift Basket",
            name_zh="",
            description_en="Coffee, honey and spices.",
        ),
        secret=ExhibitFactory(
            participation=p_hidden,
            name_en="Insulin Secret Device",
            name_zh="秘密胰岛素设备",
            category=pumps,
        ),
    )
    search.rebuild()
    return SimpleNamespace(
        edition=edition,
        de=de,
        et=et,
        medical=medical,
        food=food,
        alpha=alpha,
        kaffa=kaffa,
        p_alpha=p_alpha,
        p_kaffa=p_kaffa,
        p_hidden=p_hidden,
        ex=ex,
    )
