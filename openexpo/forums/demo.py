"""Demo step: the Hongqiao forum — sub-forums (22 at the 6th CIIE), rooms, speakers, three sessions per
sub-forum over the expo days (one room each, no conflicts), registrations with waiting lists,
invitations and attendance (so the no-show figures have data)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from openexpo.core.demo.context import DemoContext
from openexpo.core.models import User
from openexpo.forums.models import (
    Attendance,
    Invitation,
    Registration,
    Room,
    Session,
    SessionSpeaker,
    Speaker,
    SubForum,
)

TOPICS = [
    ("open-economy", "Opening-up and the world economy", "开放与世界经济"),
    ("trade-rules", "Rules of international trade", "国际贸易规则"),
    ("green", "Green and low-carbon development", "绿色低碳发展"),
    ("digital", "Digital economy and trade", "数字经济与贸易"),
    ("health", "Global public health", "全球公共卫生"),
    ("food-security", "Food security and agricultural trade", "粮食安全与农业贸易"),
    ("supply-chain", "Resilient supply chains", "产业链供应链韧性"),
    ("services-trade", "Trade in services", "服务贸易"),
    ("finance", "Finance and investment", "金融与投资"),
    ("ip", "Intellectual property", "知识产权"),
    ("customs", "Smart customs and trade facilitation", "智慧海关与贸易便利化"),
    ("ecommerce", "Cross-border e-commerce", "跨境电子商务"),
    ("ai", "Artificial intelligence and industry", "人工智能与产业"),
    ("ldc", "Least-developed countries and inclusive trade", "最不发达国家与包容性贸易"),
    ("silk-road", "Belt and Road cooperation", "一带一路合作"),
    ("rcep", "RCEP and regional integration", "区域全面经济伙伴关系"),
    ("consumption", "Consumption upgrading", "消费升级"),
    ("auto-future", "The future of mobility", "未来出行"),
    ("energy", "Energy transition", "能源转型"),
    ("smes", "SMEs in global value chains", "中小企业与全球价值链"),
    ("media", "Media and the global economy", "媒体与全球经济"),
    ("youth", "Youth and innovation", "青年与创新"),
    ("ocean", "Blue economy", "海洋经济"),
]
THEMES = {
    "open-economy": "trade",
    "trade-rules": "trade",
    "customs": "trade",
    "ecommerce": "trade",
    "services-trade": "trade",
    "green": "green",
    "energy": "green",
    "ocean": "green",
    "digital": "digital",
    "ai": "digital",
    "media": "digital",
    "health": "health",
    "food-security": "health",
    "finance": "finance",
    "ip": "finance",
    "smes": "finance",
    "ldc": "regional",
    "silk-road": "regional",
    "rcep": "regional",
    "supply-chain": "industry",
    "consumption": "industry",
    "auto-future": "industry",
    "youth": "society",
}
ROOMS = [  # code, English, Chinese, seats
    ("hall-a", "Hongqiao Hall A", "虹桥厅A", 1200),
    ("hall-b", "Hongqiao Hall B", "虹桥厅B", 800),
    ("room-1", "Meeting Room 1", "会议室1", 500),
    ("room-2", "Meeting Room 2", "会议室2", 400),
    ("room-3", "Meeting Room 3", "会议室3", 300),
    ("room-4", "Meeting Room 4", "会议室4", 300),
    ("room-5", "Meeting Room 5", "会议室5", 200),
    ("room-6", "Meeting Room 6", "会议室6", 150),
]
BLOCKS = [((9, 0), (10, 30)), ((10, 45), (12, 15)), ((14, 0), (15, 30)), ((16, 0), (17, 30))]
FORMATS = [
    ("Opening dialogue", "开幕对话", "keynote"),
    ("Panel discussion", "圆桌讨论", "panellist"),
    ("Roundtable", "专题研讨", "speaker"),
]
SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Müller",
    "Dubois",
    "Rossi",
    "Tanaka",
    "Kim",
    "Silva",
    "Okafor",
    "Novak",
    "Haddad",
    "Smith",
]
GIVEN = [
    "Wei",
    "Fang",
    "Min",
    "Jun",
    "Lei",
    "Anna",
    "Marc",
    "Sofia",
    "Kenji",
    "Ji-woo",
    "Lucas",
    "Amara",
    "Pavel",
    "Omar",
    "Grace",
]
ZH_NAMES = {
    "Wang": "王",
    "Li": "李",
    "Zhang": "张",
    "Liu": "刘",
    "Chen": "陈",
    "Yang": "杨",
    "Zhao": "赵",
    "Huang": "黄",
    "Zhou": "周",
    "Wu": "吴",
}
ORGS = [
    ("Ministry of Commerce", "商务部"),
    ("WTO", "世界贸易组织"),
    ("UNCTAD", "联合国贸发会议"),
    ("Fudan University", "复旦大学"),
    ("Tsinghua University", "清华大学"),
    ("OECD", "经合组织"),
    ("Bank of China", "中国银行"),
    ("Siemens", "西门子"),
    ("Nestlé", "雀巢"),
    ("Maersk", "马士基"),
]


def _speakers(ctx: DemoContext, rng) -> list[int]:
    n = ctx.n(160, minimum=12)
    rows = []
    for k in range(n):
        family, given = SURNAMES[k % len(SURNAMES)], GIVEN[(k * 7) % len(GIVEN)]
        org_en, org_zh = ORGS[rng.randrange(len(ORGS))]
        zh = ZH_NAMES.get(family, "") + ("伟" if k % 2 else "敏") if family in ZH_NAMES else ""
        rows.append(
            (
                ctx.edition.id,
                f"sp-{k:04d}",
                f"{given} {family}",
                zh,
                org_en,
                org_zh,
                f"{given} {family} works on trade and development at {org_en}.",
                f"{zh or given + ' ' + family}，{org_zh}，长期研究贸易与发展。",
                None,
            )
        )
    cols = [
        "edition_id",
        "code",
        "name_en",
        "name_zh",
        "affiliation_en",
        "affiliation_zh",
        "bio_en",
        "bio_zh",
        "user_id",
    ]
    return ctx.insert_returning_ids(Speaker, cols, rows)


def _attendees(ctx: DemoContext) -> list[int]:
    """Forum-goer accounts (no usable password); kept by `demo --replace`, so reused."""
    n = ctx.n(3000, minimum=40)
    names = [f"forum{ctx.edition.number}-{k:05d}" for k in range(n)]
    existing = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    joined = ctx.before_opening(30)
    rows = [
        (
            "!",
            False,
            name,
            "",
            "",
            f"{name}@example.org",
            False,
            True,
            joined,
            User.Kind.BUYER,
            "",
            "Asia/Shanghai",
        )
        for name in names
        if name not in existing
    ]
    cols = [
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "kind",
        "preferred_language",
        "time_zone",
    ]
    if rows:
        existing.update(
            zip((r[2] for r in rows), ctx.insert_returning_ids(User, cols, rows), strict=True)
        )
    return [existing[name] for name in names]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng("forums")
    edition = ctx.edition
    n = min(len(TOPICS), ctx.spec["subforums"])
    subforums = SubForum.objects.bulk_create(
        SubForum(
            edition=edition, code=code, name_en=en, name_zh=zh, topic=THEMES.get(code, "trade")
        )
        for code, en, zh in TOPICS[:n]
    )
    rooms = Room.objects.bulk_create(
        Room(edition=edition, code=c, name_en=en, name_zh=zh, capacity=cap)
        for c, en, zh, cap in ROOMS
    )
    speaker_ids = _speakers(ctx, rng)
    tz = ZoneInfo(edition.time_zone)
    blocks = [(day, start, end) for day in edition.days for start, end in BLOCKS]
    sessions, speaking = [], []
    busy: set[tuple[int, int]] = set()
    for i, sub in enumerate(subforums):
        room = rooms[i % len(rooms)]
        first = (i // len(rooms)) * len(FORMATS)  # a sub-forum keeps its room, blocks in a row
        for k, (fmt_en, fmt_zh, role) in enumerate(FORMATS):
            day, (h1, m1), (h2, m2) = blocks[(first + k) % len(blocks)]
            access = (
                Session.Access.OPEN
                if k == 0 and room.capacity >= 800
                else Session.Access.INVITATION
                if k == 2 and i % 5 == 0
                else Session.Access.REGISTRATION
            )
            sessions.append(
                Session(
                    subforum=sub,
                    code=f"{sub.code}-{k + 1}",
                    title_en=f"{sub.name_en}: {fmt_en.lower()}",
                    title_zh=f"{sub.name_zh}：{fmt_zh}",
                    abstract_en=f"Leaders from government, business and research discuss {sub.name_en.lower()}.",
                    abstract_zh=f"政府、企业和研究机构的代表围绕“{sub.name_zh}”展开讨论。",
                    starts_at=dt.datetime.combine(day, dt.time(h1, m1), tz),
                    ends_at=dt.datetime.combine(day, dt.time(h2, m2), tz),
                    room=room.name_en,
                    room_ref=room,
                    capacity=room.capacity,
                    access=access,
                    language=Session.Language.BOTH if k == 0 else Session.Language.ZH,
                    interpretation=Session.Interpretation.SIMULTANEOUS,
                )
            )
            block_no = (first + k) % len(blocks)
            chosen = [
                s
                for s in rng.sample(speaker_ids, min(len(speaker_ids), 8))
                if (s, block_no) not in busy
            ][:4]
            for order, speaker_id in enumerate(chosen):
                busy.add((speaker_id, block_no))
                speaking.append(
                    (len(sessions) - 1, speaker_id, "moderator" if order == 0 else role, order)
                )
    Session.objects.bulk_create(sessions)
    ctx.insert(
        SessionSpeaker,
        ["session_id", "speaker_id", "role", "order"],
        ((sessions[s].pk, sp, role, order) for s, sp, role, order in speaking),
    )
    _seats(ctx, rng, sessions)


def _seats(ctx: DemoContext, rng, sessions: list[Session]) -> None:
    users = _attendees(ctx)
    created = ctx.before_opening(10)
    regs, shows, invitations = [], [], []
    for session in sessions:
        if session.access == Session.Access.OPEN:
            continue
        if session.access == Session.Access.INVITATION:
            invitations.append(
                (session.pk, f"INV{session.pk:06d}", "demo", session.capacity, 0, False, created)
            )
        demand = min(len(users), round(session.capacity * ctx.scale * rng.uniform(0.6, 1.2)))
        for k, user_id in enumerate(rng.sample(users, demand)):
            seat = k + 1 if k < session.capacity else None
            regs.append((session.pk, user_id, "confirmed" if seat else "waitlisted", seat, created))
            shows.append(bool(seat) and rng.random() < 0.82)
    ctx.insert(
        Invitation,
        ["session_id", "code", "note", "max_uses", "used", "revoked", "created"],
        invitations,
    )
    ids = ctx.insert_returning_ids(
        Registration, ["session_id", "user_id", "status", "seat_no", "created"], regs
    )
    starts = {s.pk: s.starts_at for s in sessions}
    ctx.insert(
        Attendance,
        ["session_id", "user_id", "registration_id", "method", "badge_number", "at"],
        (
            (reg[0], reg[1], reg_id, "badge", None, starts[reg[0]])
            for reg, reg_id, show in zip(regs, ids, shows, strict=True)
            if show
        ),
    )
