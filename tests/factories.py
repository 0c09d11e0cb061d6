"""factory_boy factories for the core model, shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory

from openexpo.catalogue.models import Exhibit
from openexpo.core.models import Country, Edition, ExhibitionArea, ProductCategory, User
from openexpo.exhibitors.models import Company, ExhibitorStaff, Participation
from openexpo.visitors.models import Delegation, Visitor


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("pass-word-123")
    kind = "public"


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "DE"
    alpha3 = "DEU"
    name_en = "Germany"
    name_zh = "德国"
    un_region = "Europe"

    class Params:
        ethiopia = factory.Trait(  # a least-developed country
            code="ET",
            alpha3="ETH",
            name_en="Ethiopia",
            name_zh="埃塞俄比亚",
            un_region="Africa",
            is_ldc=True,
        )


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("number",)

    number = 6
    name_en = factory.LazyAttribute(lambda o: f"The {o.number}th China International Import Expo")
    name_zh = factory.LazyAttribute(lambda o: f"第{o.number}届中国国际进口博览会")
    start_date = dt.date(2023, 11, 5)
    end_date = dt.date(2023, 11, 10)
    venue_en = "National Exhibition and Convention Center (Shanghai)"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitionArea
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = "medical"
    kind = ExhibitionArea.Kind.BUSINESS
    name_en = "Medical Equipment and Healthcare Products"
    name_zh = "医疗器械及医药保健"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("code",)

    code = "3004"
    level = 4
    section = "VI"
    chapter = "30"
    name_en = "Medicaments"
    name_zh = "药品"


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name_en = factory.Sequence(lambda n: f"Company {n}")
    name_zh = factory.Sequence(lambda n: f"公司{n}")
    country = factory.SubFactory(CountryFactory)
    size_class = Company.Size.SME
    email = "contact@example.org"


class ExhibitorStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorStaff

    user = factory.SubFactory(UserFactory, kind="exhibitor", is_staff=True)
    company = factory.SubFactory(CompanyFactory)


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    company = factory.SubFactory(CompanyFactory)
    edition = factory.SubFactory(EditionFactory)
    area = factory.LazyAttribute(lambda o: AreaFactory(edition=o.edition))
    booth_type = Participation.BoothType.RAW_SPACE
    area_requested_m2 = 108
    status = Participation.Status.APPROVED


class ExhibitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibit

    participation = factory.SubFactory(ParticipationFactory)
    name_en = factory.Sequence(lambda n: f"Exhibit {n}")
    name_zh = factory.Sequence(lambda n: f"展品{n}")


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"deleg-{n}")
    name_en = factory.Sequence(lambda n: f"Delegation {n}")
    name_zh = factory.Sequence(lambda n: f"交易团{n}")


class VisitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visitor

    edition = factory.SubFactory(EditionFactory)
    full_name = factory.Sequence(lambda n: f"Visitor {n}")
    organisation = "Shanghai Buyers Co."
    country = factory.LazyFunction(lambda: CountryFactory(code="CN", alpha3="CHN", name_en="China", name_zh="中国", un_region="Asia"))


# --- forums (issue 8) ---------------------------------------------------------------------

from openexpo.forums.models import Room, Session, Speaker, SubForum  # noqa: E402

_SHANGHAI = dt.timezone(dt.timedelta(hours=8))


class SubForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubForum
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"subforum-{n}")
    name_en = factory.Sequence(lambda n: f"Sub-forum {n}")
    name_zh = factory.Sequence(lambda n: f"分论坛{n}")
    topic = "trade"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"room-{n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_zh = factory.Sequence(lambda n: f"会议室{n}")
    capacity = 100


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker
        django_get_or_create = ("edition", "code")

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"speaker-{n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")
    name_zh = factory.Sequence(lambda n: f"嘉宾{n}")
    bio_en = "Economist."
    bio_zh = "经济学家。"


class ForumSessionFactory(factory.django.DjangoModelFactory):
    """A registration session on the edition's first day, 09:00-10:30 Shanghai time."""

    class Meta:
        model = Session

    subforum = factory.SubFactory(SubForumFactory)
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_zh = factory.Sequence(lambda n: f"会议{n}")
    starts_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.subforum.edition.start_date, dt.time(9), _SHANGHAI)
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))
    room_ref = factory.LazyAttribute(lambda o: RoomFactory(edition=o.subforum.edition))
    room = factory.LazyAttribute(lambda o: o.room_ref.name_en if o.room_ref else "")
    capacity = 2
    access = Session.Access.REGISTRATION


# --- floor plan ---------------------------------------------------------------------------

from openexpo.floorplan.models import Hall, Zone  # noqa: E402


def zoned_hall(*, edition: Edition, area: ExhibitionArea, code: str = "4.1H") -> Hall:
    """A 60 × 54 m rectangular hall, zoned whole for one exhibition area."""
    hall = Hall.objects.create(
        edition=edition,
        code=code,
        name_en=f"Hall {code.rstrip('H')}",
        width_m=60,
        depth_m=54,
        outline=[[0, 0], [60, 0], [60, 54], [0, 54]],
    )
    Zone.objects.create(hall=hall, area=area, x=0, y=0, width=60, depth=54)
    return hall
