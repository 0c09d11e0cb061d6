"""International organisations that exhibit at an import expo, with their official Chinese names.

Codes are "O-" plus the organisation's usual acronym (at most 8 characters in all), so they
never collide with ISO 3166 codes.
"""

from __future__ import annotations

# code, English name, Chinese name
ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("O-WTO", "World Trade Organization", "世界贸易组织"),
    ("O-UNCTAD", "United Nations Conference on Trade and Development", "联合国贸易和发展会议"),
    ("O-ITC", "International Trade Centre", "国际贸易中心"),
    ("O-UNIDO", "United Nations Industrial Development Organization", "联合国工业发展组织"),
    ("O-UNDP", "United Nations Development Programme", "联合国开发计划署"),
    ("O-FAO", "Food and Agriculture Organization of the United Nations", "联合国粮食及农业组织"),
    ("O-WFP", "World Food Programme", "世界粮食计划署"),
    ("O-IFAD", "International Fund for Agricultural Development", "国际农业发展基金"),
    ("O-WIPO", "World Intellectual Property Organization", "世界知识产权组织"),
    ("O-WBG", "World Bank Group", "世界银行集团"),
    ("O-UNICEF", "United Nations Children's Fund", "联合国儿童基金会"),
    ("O-WHO", "World Health Organization", "世界卫生组织"),
    ("O-IOM", "International Organization for Migration", "国际移民组织"),
    ("O-UNEP", "United Nations Environment Programme", "联合国环境规划署"),
    ("O-SCO", "Shanghai Cooperation Organisation", "上海合作组织"),
    ("O-AU", "African Union", "非洲联盟"),
)
