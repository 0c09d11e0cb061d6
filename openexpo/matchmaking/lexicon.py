"""A small bilingual product lexicon for generated demo and benchmark data (no Django).

Each family: an HS subheading, English terms (the first is the usual name, the others
synonyms a buyer may use instead), Chinese terms, and attribute pairs (English, Chinese).
"""

from __future__ import annotations

from typing import NamedTuple


class Family(NamedTuple):
    hs: str
    en: tuple[str, ...]
    zh: tuple[str, ...]
    attrs: tuple[tuple[str, str], ...]
    origins: tuple[str, ...]


_FOOD = (
    ("organic", "有机"),
    ("premium", "高端"),
    ("frozen", "冷冻"),
    ("chilled", "冷鲜"),
    ("halal", "清真"),
    ("gluten-free", "无麸质"),
    ("retail-pack", "零售装"),
    ("bulk", "散装"),
)
_GOODS = (
    ("luxury", "奢华"),
    ("handmade", "手工"),
    ("eco-friendly", "环保"),
    ("compact", "紧凑型"),
    ("smart", "智能"),
    ("waterproof", "防水"),
    ("lightweight", "轻量"),
    ("vintage", "复古"),
)
_TECH = (
    ("industrial", "工业级"),
    ("automated", "自动化"),
    ("high-precision", "高精度"),
    ("energy-saving", "节能"),
    ("digital", "数字化"),
    ("portable", "便携式"),
    ("modular", "模块化"),
    ("AI-powered", "人工智能"),
)
_MED = (
    ("sterile", "无菌"),
    ("disposable", "一次性"),
    ("minimally-invasive", "微创"),
    ("diagnostic", "诊断"),
    ("paediatric", "儿科"),
    ("certified", "认证"),
    ("imaging", "影像"),
    ("portable", "便携式"),
)

FAMILIES: tuple[Family, ...] = (
    Family(
        "020130",
        ("beef", "bovine meat", "steak"),
        ("牛肉", "牛排"),
        _FOOD,
        ("AU", "AR", "BR", "NZ", "UY"),
    ),
    Family("020329", ("pork", "swine meat"), ("猪肉",), _FOOD, ("ES", "DE", "DK", "NL")),
    Family("020714", ("chicken", "poultry cuts"), ("鸡肉", "禽肉"), _FOOD, ("BR", "TH", "US")),
    Family("030617", ("shrimp", "prawns"), ("虾", "对虾"), _FOOD, ("EC", "VN", "IN", "TH")),
    Family("030613", ("lobster", "rock lobster"), ("龙虾",), _FOOD, ("CA", "AU", "US")),
    Family("030214", ("salmon", "atlantic salmon"), ("三文鱼", "鲑鱼"), _FOOD, ("NO", "CL", "FO")),
    Family(
        "040221",
        ("milk powder", "dairy powder", "infant formula"),
        ("奶粉", "乳粉"),
        _FOOD,
        ("NZ", "NL", "FR", "IE"),
    ),
    Family("040690", ("cheese", "aged cheese"), ("奶酪", "芝士"), _FOOD, ("FR", "IT", "CH", "NL")),
    Family("080810", ("apples", "fresh apples"), ("苹果",), _FOOD, ("NZ", "US", "CL", "IT")),
    Family("081010", ("strawberries",), ("草莓",), _FOOD, ("US", "ES", "EG")),
    Family("080450", ("mangoes", "mango fruit"), ("芒果",), _FOOD, ("TH", "PK", "PE", "PH")),
    Family("080440", ("avocados", "avocado"), ("牛油果", "鳄梨"), _FOOD, ("MX", "PE", "KE", "CL")),
    Family(
        "090121",
        ("coffee", "roasted coffee beans"),
        ("咖啡", "咖啡豆"),
        _FOOD,
        ("ET", "CO", "BR", "VN", "RW"),
    ),
    Family("090230", ("black tea", "tea leaves"), ("红茶", "茶叶"), _FOOD, ("LK", "KE", "IN")),
    Family("100630", ("rice", "jasmine rice"), ("大米", "香米"), _FOOD, ("TH", "KH", "VN", "LA")),
    Family("120190", ("soybeans", "soya beans"), ("大豆", "黄豆"), _FOOD, ("BR", "US", "AR")),
    Family(
        "150910",
        ("olive oil", "extra virgin olive oil"),
        ("橄榄油", "特级初榨橄榄油"),
        _FOOD,
        ("ES", "IT", "GR", "TN"),
    ),
    Family("170199", ("cane sugar",), ("蔗糖",), _FOOD, ("BR", "TH", "AU")),
    Family(
        "180690", ("chocolate", "cocoa confectionery"), ("巧克力",), _FOOD, ("BE", "CH", "GH", "CI")
    ),
    Family(
        "220421", ("wine", "red wine"), ("葡萄酒", "红酒"), _FOOD, ("FR", "AU", "CL", "IT", "GE")
    ),
    Family("220830", ("whisky", "scotch whisky"), ("威士忌",), _FOOD, ("GB", "IE", "JP")),
    Family("220300", ("beer", "craft beer"), ("啤酒", "精酿啤酒"), _FOOD, ("DE", "BE", "CZ", "MX")),
    Family(
        "330499",
        ("skincare cream", "face cream", "moisturiser"),
        ("护肤霜", "面霜"),
        _GOODS,
        ("FR", "KR", "JP", "US"),
    ),
    Family("330300", ("perfume", "fragrance"), ("香水",), _GOODS, ("FR", "IT", "AE")),
    Family("330510", ("shampoo", "hair wash"), ("洗发水",), _GOODS, ("DE", "JP", "US")),
    Family("420221", ("handbags", "leather bags"), ("手提包", "皮包"), _GOODS, ("IT", "FR", "ES")),
    Family(
        "610910", ("t-shirts", "cotton tees"), ("T恤", "棉质上衣"), _GOODS, ("BD", "TR", "PT", "VN")
    ),
    Family("640399", ("leather shoes", "footwear"), ("皮鞋", "鞋履"), _GOODS, ("IT", "PT", "ES")),
    Family(
        "710813",
        ("gold jewellery", "jewelry"),
        ("黄金首饰", "珠宝"),
        _GOODS,
        ("IT", "CH", "AE", "IN"),
    ),
    Family("910211", ("wristwatches", "watches"), ("手表", "腕表"), _GOODS, ("CH", "JP", "DE")),
    Family(
        "950300", ("toys", "educational toys"), ("玩具", "益智玩具"), _GOODS, ("DK", "DE", "JP")
    ),
    Family("940161", ("sofas", "upholstered seats"), ("沙发",), _GOODS, ("IT", "DK", "SE")),
    Family(
        "300490",
        ("medicines", "pharmaceuticals", "drugs"),
        ("药品", "药物"),
        _MED,
        ("DE", "CH", "US", "GB", "IN"),
    ),
    Family("300220", ("vaccines",), ("疫苗",), _MED, ("US", "BE", "FR", "GB")),
    Family(
        "901890",
        ("surgical instruments", "medical devices"),
        ("手术器械", "医疗器械"),
        _MED,
        ("DE", "US", "JP"),
    ),
    Family(
        "902214",
        ("ct scanners", "x-ray equipment"),
        ("CT扫描仪", "X光设备"),
        _MED,
        ("DE", "NL", "US", "JP"),
    ),
    Family(
        "901819",
        ("patient monitors", "vital signs monitors"),
        ("监护仪", "生命体征监护仪"),
        _MED,
        ("US", "DE", "FI"),
    ),
    Family(
        "902139",
        ("orthopaedic implants", "joint implants"),
        ("骨科植入物", "关节假体"),
        _MED,
        ("CH", "US", "DE"),
    ),
    Family(
        "847989",
        ("industrial robots", "robotic arms"),
        ("工业机器人", "机械臂"),
        _TECH,
        ("JP", "DE", "CH", "KR"),
    ),
    Family(
        "845710",
        ("machining centres", "cnc machines"),
        ("加工中心", "数控机床"),
        _TECH,
        ("DE", "JP", "IT", "CH"),
    ),
    Family(
        "848180", ("industrial valves", "valves"), ("工业阀门", "阀门"), _TECH, ("DE", "IT", "US")
    ),
    Family(
        "850440", ("power inverters", "converters"), ("逆变器", "变流器"), _TECH, ("DE", "JP", "US")
    ),
    Family(
        "854143",
        ("solar panels", "photovoltaic modules"),
        ("太阳能电池板", "光伏组件"),
        _TECH,
        ("DE", "US", "KR"),
    ),
    Family(
        "850760",
        ("lithium batteries", "battery packs"),
        ("锂电池", "电池组"),
        _TECH,
        ("KR", "JP", "US"),
    ),
    Family(
        "854231",
        ("semiconductors", "microchips", "processors"),
        ("半导体", "芯片", "处理器"),
        _TECH,
        ("US", "KR", "NL", "JP"),
    ),
    Family(
        "903180",
        ("measuring instruments", "metrology equipment"),
        ("测量仪器", "计量设备"),
        _TECH,
        ("DE", "JP", "GB"),
    ),
    Family(
        "870380",
        ("electric vehicles", "electric cars"),
        ("电动汽车", "新能源车"),
        _TECH,
        ("DE", "US", "SE", "JP"),
    ),
    Family(
        "870323", ("passenger cars", "sedans"), ("乘用车", "轿车"), _TECH, ("DE", "JP", "IT", "GB")
    ),
    Family("880240", ("aircraft", "airliners"), ("飞机", "客机"), _TECH, ("FR", "US", "BR")),
    Family(
        "842952",
        ("excavators", "earthmoving machinery"),
        ("挖掘机", "土方机械"),
        _TECH,
        ("US", "JP", "SE", "DE"),
    ),
    Family(
        "843320",
        ("agricultural machinery", "harvesters"),
        ("农业机械", "收割机"),
        _TECH,
        ("US", "DE", "IT"),
    ),
    Family("847130", ("laptops", "notebook computers"), ("笔记本电脑",), _TECH, ("US", "JP", "TW")),
)

WORDS_EN = (
    "Lumora",
    "Velant",
    "Arkis",
    "Norvia",
    "Castell",
    "Brisa",
    "Kestrel",
    "Oakmont",
    "Sundar",
    "Teravo",
    "Maren",
    "Quilla",
    "Istra",
    "Valdo",
    "Zephra",
    "Orrin",
    "Pellio",
    "Halden",
    "Corvex",
    "Amaru",
    "Selvan",
    "Tivoli",
    "Rivaro",
    "Elmira",
    "Baltis",
    "Caspian",
    "Dorado",
    "Fjeld",
    "Granta",
    "Helix",
    "Ilios",
    "Jadeo",
    "Kalua",
    "Loreto",
    "Mistral",
    "Nimbus",
)
FEATURES = (
    ("cold-chain delivery", "冷链配送"),
    ("ISO 13485 certified", "ISO13485认证"),
    ("export-grade packaging", "出口级包装"),
    ("traceable supply chain", "可追溯供应链"),
    ("after-sales service in China", "中国售后服务"),
    ("OEM available", "可代工"),
    ("carbon-neutral production", "碳中和生产"),
    ("award-winning design", "获奖设计"),
    ("fast customs clearance", "快速清关"),
    ("long shelf life", "保质期长"),
    ("low minimum order", "起订量低"),
    ("clinical trial data", "临床试验数据"),
)
NEED_OPENERS = (
    "We are looking for",
    "Seeking reliable suppliers of",
    "Our group wants to import",
    "Purchase plan:",
    "Interested in sourcing",
    "Need a partner for",
)
NEED_OPENERS_ZH = ("我们正在寻找", "计划采购", "寻求进口", "希望对接", "拟采购")
NEED_TAILS = (
    "for retail chains in East China",
    "for hospitals in our province",
    "for e-commerce channels",
    "for distribution in Sichuan",
    "for hotel and catering",
    "for our manufacturing lines",
    "delivery before spring",
    "long-term cooperation preferred",
)
