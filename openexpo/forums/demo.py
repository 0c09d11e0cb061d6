"""Demo step: the Hongqiao forum's sub-forums (22 at the 6th CIIE), each with a few sessions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from openexpo.core.demo.context import DemoContext
from openexpo.forums.models import Session, SubForum

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
ROOMS = ["Hall A", "Hall B", "Room 1", "Room 2", "Room 3", "Room 4"]


def build(ctx: DemoContext) -> None:
    n = min(len(TOPICS), ctx.spec["subforums"])
    subforums = SubForum.objects.bulk_create(
        SubForum(edition=ctx.edition, code=code, name_en=en, name_zh=zh, topic=code)
        for code, en, zh in TOPICS[:n]
    )
    tz = ZoneInfo(ctx.edition.time_zone)
    sessions = []
    for i, sub in enumerate(subforums):
        day = ctx.edition.start_date + dt.timedelta(days=i % 2)
        start = dt.datetime.combine(day, dt.time(9 + 2 * (i // len(ROOMS) % 4)), tz)
        sessions.append(
            Session(
                subforum=sub,
                title_en=f"{sub.name_en}: opening dialogue",
                title_zh=f"{sub.name_zh}：开幕对话",
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=110),
                room=ROOMS[i % len(ROOMS)],
                capacity=300,
            )
        )
    Session.objects.bulk_create(sessions)
