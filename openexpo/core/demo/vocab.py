"""Bilingual vocabularies the demo generator draws names and descriptions from.

Written for OpenExpo; the HS headings are real HS 2022 four-digit codes.
"""

from __future__ import annotations

# (code, kind, English name, Chinese name, sort order, share of exhibitors, share of area)
AREAS = [
    ("food", "business", "Food and Agricultural Products", "食品及农产品", 1, 0.26, 0.10),
    ("auto", "business", "Automobiles", "汽车", 2, 0.02, 0.08),
    ("equipment", "business", "Technical Equipment", "技术装备", 3, 0.12, 0.20),
    ("consumer", "business", "Consumer Goods", "消费品", 4, 0.20, 0.23),
    ("medical", "business", "Medical Equipment and Healthcare Products", "医疗器械及医药保健", 5, 0.13, 0.19),
    ("services", "business", "Trade in Services", "服务贸易", 6, 0.08, 0.08),
    ("innovation", "innovation", "Innovation Incubation Zone", "创新孵化专区", 7, 0.09, 0.02),
    ("country", "country", "Country Exhibition", "国家展", 8, 0.10, 0.10),
]

# Products per area: (English noun, Chinese noun, HS heading or None for services)
PRODUCTS: dict[str, list[tuple[str, str, str | None]]] = {
    "food": [
        ("chilled beef", "冰鲜牛肉", "0201"), ("frozen pork", "冷冻猪肉", "0203"),
        ("frozen shrimp", "冷冻虾", "0306"), ("fresh salmon", "新鲜三文鱼", "0302"),
        ("milk powder", "奶粉", "0402"), ("cheese", "奶酪", "0406"), ("honey", "蜂蜜", "0409"),
        ("cherries", "车厘子", "0809"), ("avocados", "牛油果", "0804"), ("durian", "榴莲", "0810"),
        ("coffee beans", "咖啡豆", "0901"), ("black tea", "红茶", "0902"), ("jasmine rice", "茉莉香米", "1006"),
        ("olive oil", "橄榄油", "1509"), ("dark chocolate", "黑巧克力", "1806"), ("biscuits", "饼干", "1905"),
        ("orange juice", "橙汁", "2009"), ("red wine", "红葡萄酒", "2204"), ("single malt whisky", "单一麦芽威士忌", "2208"),
        ("mineral water", "矿泉水", "2201"), ("craft beer", "精酿啤酒", "2203"), ("macadamia nuts", "夏威夷果", "0802"),
        ("soybeans", "大豆", "1201"), ("infant formula", "婴幼儿配方奶粉", "1901"), ("lobster", "龙虾", "0306"),
        ("lamb", "羊肉", "0204"), ("kiwifruit", "猕猴桃", "0810"), ("pasta", "意大利面", "1902"),
    ],
    "auto": [
        ("electric vehicle", "电动汽车", "8703"), ("luxury SUV", "豪华运动型多用途车", "8703"),
        ("heavy truck", "重型卡车", "8704"), ("motorcycle", "摩托车", "8711"), ("tyres", "轮胎", "4011"),
        ("traction battery", "动力电池", "8507"), ("brake system", "制动系统", "8708"),
        ("charging station", "充电桩", "8504"), ("radar sensor", "雷达传感器", "8526"), ("car seats", "汽车座椅", "9401"),
        ("hydrogen bus", "氢能源客车", "8702"), ("sports car", "跑车", "8703"),
    ],
    "equipment": [
        ("industrial robot", "工业机器人", "8479"), ("CNC machining centre", "数控加工中心", "8457"),
        ("laser cutter", "激光切割机", "8456"), ("3D printer", "3D打印机", "8485"),
        ("lithography system", "光刻机", "8486"), ("excavator", "挖掘机", "8429"), ("gas turbine", "燃气轮机", "8411"),
        ("wind turbine", "风力发电机组", "8502"), ("solar panel", "太阳能电池板", "8541"),
        ("electric generator", "发电机", "8501"), ("drone", "无人机", "8806"), ("server", "服务器", "8471"),
        ("microchip", "芯片", "8542"), ("air compressor", "空气压缩机", "8414"), ("forklift", "叉车", "8427"),
        ("tractor", "拖拉机", "8701"), ("packaging machine", "包装机", "8422"), ("textile machine", "纺织机械", "8446"),
        ("power transformer", "电力变压器", "8504"), ("precision bearing", "精密轴承", "8482"),
    ],
    "consumer": [
        ("perfume", "香水", "3303"), ("skincare cream", "护肤霜", "3304"), ("shampoo", "洗发水", "3305"),
        ("handbag", "手提包", "4202"), ("sneakers", "运动鞋", "6404"), ("wool coat", "羊毛大衣", "6202"),
        ("silk scarf", "丝巾", "6214"), ("wristwatch", "手表", "9102"), ("jewellery", "珠宝首饰", "7113"),
        ("sunglasses", "太阳镜", "9004"), ("sofa", "沙发", "9401"), ("toys", "玩具", "9503"),
        ("smartphone", "智能手机", "8517"), ("headphones", "耳机", "8518"), ("coffee machine", "咖啡机", "8516"),
        ("vacuum cleaner", "吸尘器", "8508"), ("cookware", "炊具", "7323"), ("crystal glassware", "水晶玻璃器皿", "7013"),
        ("lipstick", "口红", "3304"), ("baby stroller", "婴儿推车", "8715"), ("golf clubs", "高尔夫球杆", "9506"),
    ],
    "medical": [
        ("vaccine", "疫苗", "3002"), ("monoclonal antibody", "单克隆抗体", "3002"), ("tablets", "片剂", "3004"),
        ("insulin pen", "胰岛素笔", "3004"), ("surgical robot", "手术机器人", "9018"), ("MRI scanner", "磁共振成像系统", "9018"),
        ("CT scanner", "CT扫描仪", "9022"), ("ultrasound system", "超声诊断系统", "9018"), ("hearing aid", "助听器", "9021"),
        ("orthopaedic implant", "骨科植入物", "9021"), ("contact lenses", "隐形眼镜", "9001"),
        ("dialysis machine", "透析机", "9018"), ("glucose meter", "血糖仪", "9027"), ("dietary supplement", "膳食补充剂", "2106"),
        ("wheelchair", "轮椅", "8713"), ("diagnostic reagent", "诊断试剂", "3822"), ("ventilator", "呼吸机", "9019"),
    ],
    "services": [
        ("cold-chain logistics", "冷链物流服务", None), ("cross-border payment", "跨境支付服务", None),
        ("trade finance", "贸易融资服务", None), ("cloud computing", "云计算服务", None),
        ("design consulting", "设计咨询服务", None), ("testing and certification", "检验认证服务", None),
        ("travel packages", "旅游服务", None), ("education programme", "教育培训服务", None),
        ("legal advisory", "法律咨询服务", None), ("insurance", "保险服务", None),
        ("software platform", "软件平台", "8523"),
    ],
    "innovation": [
        ("AI vision module", "人工智能视觉模组", "8525"), ("smart sensor", "智能传感器", "9026"),
        ("biotech reagent", "生物试剂", "3822"), ("robot vacuum", "扫地机器人", "8508"),
        ("smart glasses", "智能眼镜", "9004"), ("wearable monitor", "可穿戴监测仪", "9018"),
        ("plant-based meat", "植物肉", "2106"), ("micro battery", "微型电池", "8507"), ("edu robot", "教育机器人", "8479"),
    ],
    "country": [
        ("handicrafts", "手工艺品", "4602"), ("spices", "香料", "0910"), ("coffee", "咖啡", "0901"),
        ("carpets", "地毯", "5701"), ("gemstones", "宝石", "7103"), ("dried fruit", "果干", "0813"),
        ("tea", "茶叶", "0902"), ("wood carvings", "木雕", "4420"), ("cashew nuts", "腰果", "0801"),
        ("essential oils", "精油", "3301"), ("cotton textiles", "棉纺织品", "5208"), ("wine", "葡萄酒", "2204"),
    ],
}

ADJECTIVES = [
    ("Premium", "优质"), ("Smart", "智能"), ("Organic", "有机"), ("Advanced", "先进"),
    ("Compact", "紧凑型"), ("Eco", "环保"), ("High-performance", "高性能"), ("Next-generation", "新一代"),
    ("Portable", "便携式"), ("Professional", "专业级"), ("Ultra-light", "超轻"), ("Digital", "数字化"),
    ("Natural", "天然"), ("Intelligent", "智慧"), ("Classic", "经典"), ("Hybrid", "混合动力"),
    ("Low-carbon", "低碳"), ("Precision", "精密"), ("Wild", "野生"), ("Heritage", "传承"),
]

# Brand syllables in parallel: English spelling and a Chinese transliteration.
BRAND_HEADS = [
    ("Al", "阿尔"), ("Bel", "贝尔"), ("Cor", "科"), ("Dyn", "戴恩"), ("El", "埃尔"), ("Fen", "芬"),
    ("Gal", "加尔"), ("Hel", "赫尔"), ("Ion", "艾昂"), ("Jun", "君"), ("Kel", "凯尔"), ("Lum", "卢姆"),
    ("Mar", "玛"), ("Nor", "诺"), ("Or", "奥"), ("Pol", "波"), ("Quin", "昆"), ("Ros", "罗斯"),
    ("Sol", "索"), ("Tor", "托"), ("Ul", "乌尔"), ("Ver", "维"), ("Wes", "韦斯"), ("Xen", "森"),
    ("Yor", "约"), ("Zen", "泽恩"), ("Ast", "阿斯特"), ("Bri", "布里"), ("Cal", "卡尔"), ("Dor", "多"),
]
BRAND_TAILS = [
    ("a", "雅"), ("o", "欧"), ("ia", "亚"), ("is", "斯"), ("on", "翁"), ("ex", "克斯"), ("us", "斯"),
    ("ar", "尔"), ("en", "恩"), ("ix", "克斯"), ("ana", "安娜"), ("ico", "伊科"), ("ora", "奥拉"),
    ("ant", "安特"), ("ova", "诺娃"),
]

# Industry word per area: (English, Chinese)
INDUSTRY = {
    "food": [("Foods", "食品"), ("Farms", "农场"), ("Dairy", "乳业"), ("Wines", "酒业"), ("Seafood", "海产")],
    "auto": [("Motors", "汽车"), ("Automotive", "汽车科技"), ("Mobility", "出行")],
    "equipment": [("Industries", "工业"), ("Machinery", "机械"), ("Systems", "系统"), ("Energy", "能源"), ("Electronics", "电子")],
    "consumer": [("Home", "家居"), ("Beauty", "美妆"), ("Fashion", "时尚"), ("Living", "生活"), ("Design", "设计")],
    "medical": [("Pharma", "制药"), ("Medical", "医疗"), ("Health", "健康"), ("Biotech", "生物科技"), ("Life Sciences", "生命科学")],
    "services": [("Logistics", "物流"), ("Capital", "资本"), ("Consulting", "咨询"), ("Digital", "数字"), ("Group", "集团")],
    "innovation": [("Labs", "实验室"), ("AI", "智能"), ("Robotics", "机器人"), ("Bio", "生物")],
    "country": [("Trading", "贸易"), ("Exports", "出口"), ("Crafts", "工艺"), ("Produce", "农产")],
}

LEGAL_FORMS = {
    "DE": ("GmbH", "有限公司"), "AT": ("GmbH", "有限公司"), "CH": ("AG", "股份公司"), "FR": ("S.A.", "股份公司"),
    "ES": ("S.L.", "有限公司"), "IT": ("S.p.A.", "股份公司"), "US": ("Inc.", "公司"), "JP": ("K.K.", "株式会社"),
    "KR": ("Co., Ltd.", "株式会社"), "NL": ("B.V.", "有限公司"), "SE": ("AB", "公司"), "BR": ("Ltda.", "有限公司"),
}
DEFAULT_LEGAL = ("Ltd", "有限公司")

DESCRIPTION_EN = [
    "{adj} {noun} from {country}, made for Chinese buyers.",
    "Our {noun} combines {adj_l} engineering with reliable supply.",
    "{country}'s {adj_l} {noun}, certified and ready for import.",
    "A {adj_l} {noun} range with after-sales service across China.",
]
DESCRIPTION_ZH = [
    "来自{country}的{adj}{noun}，专为中国采购商打造。",
    "我们的{noun}兼具{adj}工艺与稳定供应。",
    "{country}{adj}{noun}，认证齐全，可直接进口。",
    "{adj}{noun}系列，提供全国售后服务。",
]

# Countries that send many exhibitors (ISO alpha-2 -> relative weight); others weigh 1.
COUNTRY_WEIGHTS = {
    "JP": 40, "US": 35, "DE": 30, "KR": 25, "FR": 25, "IT": 25, "GB": 15, "AU": 18, "HK": 20,
    "SG": 12, "CH": 12, "NL": 10, "ES": 10, "MY": 12, "TH": 12, "NZ": 10, "CA": 8, "TW": 12,
    "IN": 6, "BR": 6, "RU": 8, "TR": 6, "VN": 8, "ID": 8, "BE": 6, "SE": 6, "DK": 5, "IE": 5,
    "AT": 5, "IL": 5, "CL": 5, "AR": 5, "PE": 4, "ZA": 4, "EG": 3, "PL": 4, "PT": 4, "GR": 4,
    "SA": 4, "AE": 5, "PK": 3, "KZ": 4, "MX": 3, "FI": 3, "NO": 3, "CZ": 3, "HU": 3,
}

# Trading delegations: (code, English, Chinese, province)
DELEGATIONS = [
    ("beijing", "Beijing", "北京"), ("tianjin", "Tianjin", "天津"), ("hebei", "Hebei", "河北"),
    ("shanxi", "Shanxi", "山西"), ("neimenggu", "Inner Mongolia", "内蒙古"), ("liaoning", "Liaoning", "辽宁"),
    ("jilin", "Jilin", "吉林"), ("heilongjiang", "Heilongjiang", "黑龙江"), ("shanghai", "Shanghai", "上海"),
    ("jiangsu", "Jiangsu", "江苏"), ("zhejiang", "Zhejiang", "浙江"), ("anhui", "Anhui", "安徽"),
    ("fujian", "Fujian", "福建"), ("jiangxi", "Jiangxi", "江西"), ("shandong", "Shandong", "山东"),
    ("henan", "Henan", "河南"), ("hubei", "Hubei", "湖北"), ("hunan", "Hunan", "湖南"),
    ("guangdong", "Guangdong", "广东"), ("guangxi", "Guangxi", "广西"), ("hainan", "Hainan", "海南"),
    ("chongqing", "Chongqing", "重庆"), ("sichuan", "Sichuan", "四川"), ("guizhou", "Guizhou", "贵州"),
    ("yunnan", "Yunnan", "云南"), ("xizang", "Xizang", "西藏"), ("shaanxi", "Shaanxi", "陕西"),
    ("gansu", "Gansu", "甘肃"), ("qinghai", "Qinghai", "青海"), ("ningxia", "Ningxia", "宁夏"),
    ("xinjiang", "Xinjiang", "新疆"), ("bingtuan", "Xinjiang Production and Construction Corps", "新疆生产建设兵团"),
    ("dalian", "Dalian", "大连"), ("qingdao", "Qingdao", "青岛"), ("ningbo", "Ningbo", "宁波"),
    ("xiamen", "Xiamen", "厦门"), ("shenzhen", "Shenzhen", "深圳"), ("central-soe", "Central State-owned Enterprises", "中央企业"),
    ("central-finance", "Central Financial Enterprises", "中央金融企业"),
]
SUB_DELEGATION_KINDS = [
    ("manufacturing", "Manufacturing", "制造业"), ("retail", "Retail and Wholesale", "商贸流通"),
    ("healthcare", "Healthcare", "医疗卫生"), ("food", "Food and Catering", "食品餐饮"),
]

SURNAMES_ZH = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_ZH = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅鹏飞晨宇浩然欣怡子涵雨萱梓轩思远佳琪俊杰文博一鸣子轩嘉怡诗涵宇航晓东志强海燕春梅玉兰立新"
FIRST_NAMES_EN = [
    "James", "Maria", "Hiroshi", "Anna", "Luca", "Sophie", "Ahmed", "Olga", "Carlos", "Yuki",
    "Peter", "Fatima", "Jonas", "Elena", "David", "Aisha", "Marco", "Ingrid", "Raj", "Chloe",
]
LAST_NAMES_EN = [
    "Smith", "Müller", "Tanaka", "Rossi", "Martin", "García", "Kim", "Nguyen", "Novak", "Silva",
    "Johansson", "Dubois", "Kowalski", "Ivanova", "Suzuki", "Brown", "Schmidt", "Costa", "Patel", "Okafor",
]
ORG_CITIES_ZH = [
    "上海", "北京", "广州", "深圳", "杭州", "南京", "成都", "武汉", "重庆", "苏州", "天津", "西安",
    "青岛", "宁波", "厦门", "长沙", "郑州", "合肥", "福州", "昆明", "济南", "沈阳", "大连", "无锡",
]
ORG_TRADES_ZH = [
    "国际贸易", "进出口", "医药", "食品", "商贸", "供应链", "实业", "科技", "百货", "汽车销售",
    "医疗器械", "酒业", "农业发展", "电子", "机械设备", "化妆品",
]
ORG_SUFFIX_ZH = ["有限公司", "股份有限公司", "集团有限公司"]
VISITOR_ROLES = ["采购经理", "总经理", "采购总监", "业务主管", "Procurement manager", "Buyer", "Director"]
