// Fixed reference lists of the demo world: regions, cities, freight lanes and prices, customer name
// parts, training courses, recruitment keywords and résumé phrases. Pure data, no randomness.

export interface City {
  zh: string;
  /** IATA-style code used in team external ids, e.g. SHA → T-SHA-01 */
  code: string;
  /** Relative number of teams in the branch */
  weight: number;
}

export interface Branch {
  externalId: string;
  zh: string;
  en: string;
  weight: number;
  cities: City[];
  /** Origin ports/airports the branch ships from (lane strings only). */
  origins: string[];
}

export const BRANCHES: Branch[] = [
  {
    externalId: "T-EAST",
    zh: "华东大区",
    en: "East China",
    weight: 35,
    cities: [
      { zh: "上海", code: "SHA", weight: 5 },
      { zh: "宁波", code: "NGB", weight: 3 },
      { zh: "苏州", code: "SZV", weight: 2 },
      { zh: "杭州", code: "HGH", weight: 2 },
      { zh: "南京", code: "NKG", weight: 1 },
    ],
    origins: ["上海洋山 Shanghai", "宁波舟山 Ningbo", "上海浦东机场 PVG"],
  },
  {
    externalId: "T-SOUTH",
    zh: "华南大区",
    en: "South China",
    weight: 30,
    cities: [
      { zh: "深圳", code: "SZX", weight: 5 },
      { zh: "广州", code: "CAN", weight: 3 },
      { zh: "厦门", code: "XMN", weight: 2 },
      { zh: "佛山", code: "FUO", weight: 1 },
    ],
    origins: ["深圳盐田 Yantian", "广州南沙 Nansha", "厦门 Xiamen", "深圳宝安机场 SZX"],
  },
  {
    externalId: "T-NORTH",
    zh: "华北大区",
    en: "North China",
    weight: 18,
    cities: [
      { zh: "天津", code: "TSN", weight: 3 },
      { zh: "青岛", code: "TAO", weight: 3 },
      { zh: "北京", code: "PEK", weight: 2 },
      { zh: "大连", code: "DLC", weight: 1 },
    ],
    origins: ["天津新港 Tianjin", "青岛 Qingdao", "大连 Dalian", "北京首都机场 PEK"],
  },
  {
    externalId: "T-CENTRAL",
    zh: "华中大区",
    en: "Central China",
    weight: 10,
    cities: [
      { zh: "武汉", code: "WUH", weight: 2 },
      { zh: "郑州", code: "CGO", weight: 2 },
      { zh: "长沙", code: "CSX", weight: 1 },
    ],
    origins: ["武汉阳逻 Wuhan", "郑州圃田 Zhengzhou rail", "郑州新郑机场 CGO"],
  },
  {
    externalId: "T-WEST",
    zh: "西南大区",
    en: "Southwest China",
    weight: 7,
    cities: [
      { zh: "成都", code: "CTU", weight: 2 },
      { zh: "重庆", code: "CKG", weight: 2 },
    ],
    origins: ["成都国际铁路港 Chengdu rail", "重庆团结村 Chongqing rail", "成都天府机场 TFU"],
  },
];

export const CN_NUMERALS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (1…99). */
export function cnNumber(n: number): string {
  if (n < 10) return CN_NUMERALS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : (CN_NUMERALS[tens] ?? "")}十${ones === 0 ? "" : (CN_NUMERALS[ones] ?? "")}`;
}

/** Parts of customer (shipper) names: 〈city〉〈brand〉〈industry〉有限公司. */
export const CUSTOMER_CITIES = [
  "上海",
  "宁波",
  "苏州",
  "杭州",
  "义乌",
  "温州",
  "南京",
  "无锡",
  "深圳",
  "广州",
  "东莞",
  "佛山",
  "厦门",
  "泉州",
  "中山",
  "青岛",
  "天津",
  "北京",
  "大连",
  "武汉",
  "郑州",
  "长沙",
  "成都",
  "重庆",
  "合肥",
];
export const CUSTOMER_BRANDS = [
  "恒通",
  "海联",
  "华瑞",
  "嘉诚",
  "鑫源",
  "永盛",
  "金桥",
  "宏达",
  "鼎盛",
  "天成",
  "新禾",
  "明辉",
  "瑞丰",
  "汇金",
  "博远",
  "安达",
  "信诚",
  "联创",
  "卓越",
  "盛世",
  "凯旋",
  "宝丰",
  "同舟",
  "启航",
  "万象",
  "锦程",
  "立信",
  "众诚",
  "海纳",
  "佳禾",
  "润泽",
  "德盛",
  "兴旺",
  "长青",
  "星辰",
  "和顺",
  "广源",
  "旭日",
  "伟业",
  "远帆",
  "蓝鲸",
  "聚力",
  "晟达",
  "丰华",
  "越洋",
];
export const CUSTOMER_INDUSTRIES = [
  "进出口",
  "国际贸易",
  "电子科技",
  "家居用品",
  "服饰",
  "机械设备",
  "五金制品",
  "化工",
  "汽车配件",
  "医疗器械",
  "玩具",
  "新能源",
  "家电",
  "纺织",
  "食品",
  "照明",
  "包装材料",
  "跨境电商",
  "光伏科技",
  "户外用品",
];

export type Mode = "fcl" | "lcl" | "air" | "rail" | "service";

export interface Lane {
  mode: Mode;
  /** Human-readable lane, kept out of the database (orders have no lane column). */
  name: string;
  /** Price per unit (CNY) and unit counts; revenue = units × unit price + fixed fee. */
  unitMin: number;
  unitMax: number;
  unitsMin: number;
  unitsMax: number;
  fixedFee: number;
  transitMin: number;
  transitMax: number;
}

export const LANES: Lane[] = [
  {
    mode: "fcl",
    name: "FCL 40HQ → Los Angeles/Long Beach 美西",
    unitMin: 13000,
    unitMax: 26000,
    unitsMin: 1,
    unitsMax: 4,
    fixedFee: 2400,
    transitMin: 16,
    transitMax: 28,
  },
  {
    mode: "fcl",
    name: "FCL 40HQ → New York/Savannah 美东",
    unitMin: 19000,
    unitMax: 34000,
    unitsMin: 1,
    unitsMax: 3,
    fixedFee: 2400,
    transitMin: 30,
    transitMax: 42,
  },
  {
    mode: "fcl",
    name: "FCL 40HQ → Rotterdam/Hamburg 欧基港",
    unitMin: 11000,
    unitMax: 24000,
    unitsMin: 1,
    unitsMax: 4,
    fixedFee: 2200,
    transitMin: 30,
    transitMax: 40,
  },
  {
    mode: "fcl",
    name: "FCL 20GP → Ho Chi Minh/Laem Chabang 东南亚",
    unitMin: 2500,
    unitMax: 6500,
    unitsMin: 1,
    unitsMax: 5,
    fixedFee: 1500,
    transitMin: 5,
    transitMax: 12,
  },
  {
    mode: "fcl",
    name: "FCL 40HQ → Jebel Ali 中东",
    unitMin: 8000,
    unitMax: 16000,
    unitsMin: 1,
    unitsMax: 3,
    fixedFee: 2000,
    transitMin: 18,
    transitMax: 26,
  },
  {
    mode: "lcl",
    name: "LCL → Felixstowe 英国拼箱",
    unitMin: 280,
    unitMax: 650,
    unitsMin: 2,
    unitsMax: 18,
    fixedFee: 900,
    transitMin: 35,
    transitMax: 45,
  },
  {
    mode: "lcl",
    name: "LCL → Sydney/Melbourne 澳洲拼箱",
    unitMin: 220,
    unitMax: 520,
    unitsMin: 2,
    unitsMax: 15,
    fixedFee: 800,
    transitMin: 20,
    transitMax: 30,
  },
  {
    mode: "air",
    name: "Air → Frankfurt FRA 欧洲空运",
    unitMin: 24,
    unitMax: 46,
    unitsMin: 120,
    unitsMax: 2500,
    fixedFee: 600,
    transitMin: 3,
    transitMax: 6,
  },
  {
    mode: "air",
    name: "Air → Los Angeles LAX 美国空运",
    unitMin: 26,
    unitMax: 52,
    unitsMin: 100,
    unitsMax: 2000,
    fixedFee: 600,
    transitMin: 3,
    transitMax: 6,
  },
  {
    mode: "air",
    name: "Air → Singapore SIN 东南亚空运",
    unitMin: 9,
    unitMax: 18,
    unitsMin: 150,
    unitsMax: 3000,
    fixedFee: 450,
    transitMin: 2,
    transitMax: 4,
  },
  {
    mode: "rail",
    name: "中欧班列 China–Europe rail → Duisburg/Małaszewicze",
    unitMin: 32000,
    unitMax: 52000,
    unitsMin: 1,
    unitsMax: 3,
    fixedFee: 1800,
    transitMin: 16,
    transitMax: 24,
  },
  {
    mode: "service",
    name: "报关/拖车 customs clearance & trucking",
    unitMin: 650,
    unitMax: 1800,
    unitsMin: 1,
    unitsMax: 3,
    fixedFee: 200,
    transitMin: 1,
    transitMax: 3,
  },
];

/** Expected revenue of one order on a lane (midpoints), used to size targets. */
export function laneExpectedRevenue(lane: Lane): number {
  return ((lane.unitMin + lane.unitMax) / 2) * ((lane.unitsMin + lane.unitsMax) / 2) + lane.fixedFee;
}

/** Lane mixes (weights per LANES index) a rep or customer may lean to. */
export const LANE_MIXES: Record<"sea" | "air" | "rail" | "mixed", number[]> = {
  sea: [5, 2, 4, 4, 2, 2, 1, 0.5, 0.5, 0.3, 0.2, 1.5],
  air: [1, 0.5, 1, 1, 0.5, 0.5, 0.3, 4, 4, 3, 0.1, 1],
  rail: [1, 0.3, 2, 0.5, 0.5, 0.5, 0.2, 1, 0.5, 0.5, 5, 1],
  mixed: [3, 1, 3, 3, 1.5, 1.5, 1, 2, 2, 1.5, 1, 1.5],
};

export const PLANS = [
  {
    key: "veteran",
    name: "资深销售 Veteran sales",
    cap: "1.2",
    floor: "0",
    items: [
      { metric: "collected_revenue", weight: "40" },
      { metric: "repurchase_rate", weight: "25" },
      { metric: "profit_per_shipment", weight: "20" },
      { metric: "collaboration_score", weight: "15" },
    ],
  },
  {
    key: "new",
    name: "新人销售 New sales",
    cap: "1.2",
    floor: "0.3",
    items: [
      { metric: "new_customers", weight: "40" },
      { metric: "conversion_rate", weight: "30" },
      { metric: "collected_revenue", weight: "20" },
      { metric: "collection_days", weight: "10" },
    ],
  },
] as const;

export const TEAM_BONUS_TIERS = [
  { minCompletion: 1.0, points: 5 },
  { minCompletion: 1.2, points: 10 },
];

export const COURSES = [
  { externalId: "TC-ESSENTIALS", zh: "新员工入职必修：公司与产品", en: "New-hire essentials: company and products" },
  {
    externalId: "TC-FF-BASICS",
    zh: "货代销售基础：海运、空运与铁路",
    en: "Freight forwarding sales fundamentals: sea, air and rail",
  },
  { externalId: "TC-COLLECTIONS", zh: "回款管理与应收账款催收", en: "Collections and receivables management" },
  { externalId: "TC-PROSPECTING", zh: "客户开发与线索转化", en: "Prospecting and lead conversion" },
  { externalId: "TC-KEY-ACCOUNTS", zh: "大客户维护与复购", en: "Key-account care and repeat business" },
  { externalId: "TC-PRICING", zh: "报价策略与利润管理", en: "Quoting for profit" },
  {
    externalId: "TC-COLLAB",
    zh: "跨部门协作：与操作和客服高效配合",
    en: "Working with operations and customer service",
  },
  { externalId: "TC-RETENTION", zh: "客户流失预警与挽回", en: "Spotting and winning back churning customers" },
  { externalId: "TC-VOLUME", zh: "舱位与航线：提升出货量", en: "Space and lanes: growing your shipments" },
  { externalId: "TC-CRM", zh: "CRM 与销售漏斗管理", en: "CRM and the sales funnel" },
  { externalId: "TC-COMPLIANCE", zh: "合规与报关基础", en: "Compliance and customs basics" },
  { externalId: "TC-NEGOTIATION", zh: "商务谈判技巧", en: "Negotiation skills" },
  { externalId: "TC-TEAM-LEAD", zh: "团队管理", en: "Team management" },
] as const;

/** Which course to suggest when a metric is someone's weakest. */
export const METRIC_COURSES: Record<string, string> = {
  booked_revenue: "TC-VOLUME",
  collected_revenue: "TC-COLLECTIONS",
  shipments: "TC-VOLUME",
  gross_profit: "TC-PRICING",
  profit_per_shipment: "TC-PRICING",
  new_customers: "TC-PROSPECTING",
  repurchase_rate: "TC-KEY-ACCOUNTS",
  retention_rate: "TC-RETENTION",
  conversion_rate: "TC-PROSPECTING",
  collection_days: "TC-COLLECTIONS",
  collaboration_score: "TC-COLLAB",
  overdue_receivables: "TC-COLLECTIONS",
};

/**
 * The next step for someone who leads their team on a metric three closed months running (the
 * high-potential notice): winning customers or revenue → leading others; the rest → the adjacent skill.
 */
export const DEVELOPMENT_COURSES: Record<string, string> = {
  new_customers: "TC-TEAM-LEAD",
  booked_revenue: "TC-TEAM-LEAD",
  collected_revenue: "TC-TEAM-LEAD",
  gross_profit: "TC-NEGOTIATION",
  conversion_rate: "TC-NEGOTIATION",
  repurchase_rate: "TC-TEAM-LEAD",
};

export const ONBOARDING_TEMPLATE = {
  key: "sales-new-hire",
  role: "sales",
  name: "销售新人入职 Sales new-hire onboarding",
  items: [
    {
      key: "contract",
      title: "签订劳动合同并提交入职材料 / Sign the contract and hand in documents",
      kind: "document",
      course: null,
      dueDays: 1,
    },
    {
      key: "accounts",
      title: "开通 CRM、邮箱和飞书账号 / Get CRM, email and Feishu accounts",
      kind: "document",
      course: null,
      dueDays: 3,
    },
    {
      key: "essentials",
      title: "新员工入职必修 / New-hire essentials",
      kind: "course",
      course: "TC-ESSENTIALS",
      dueDays: 7,
    },
    {
      key: "ff-basics",
      title: "货代销售基础 / Freight forwarding fundamentals",
      kind: "course",
      course: "TC-FF-BASICS",
      dueDays: 14,
    },
    { key: "crm", title: "CRM 与销售漏斗 / CRM and the sales funnel", kind: "course", course: "TC-CRM", dueDays: 21 },
    {
      key: "shadowing",
      title: "跟随资深销售拜访客户 3 次 / Shadow a senior rep on 3 client visits",
      kind: "document",
      course: null,
      dueDays: 30,
    },
    {
      key: "compliance",
      title: "合规与报关基础 / Compliance and customs basics",
      kind: "course",
      course: "TC-COMPLIANCE",
      dueDays: 30,
    },
    {
      key: "collections",
      title: "回款管理 / Collections management",
      kind: "course",
      course: "TC-COLLECTIONS",
      dueDays: 45,
    },
    {
      key: "probation-review",
      title: "试用期中期评估 / Mid-probation review",
      kind: "document",
      course: null,
      dueDays: 60,
    },
  ],
} as const;

export interface Keyword {
  keyword: string;
  weight: number;
  synonyms: string[];
  /** How a résumé says it, in zh and en (not stored; drives résumé text). */
  zh: string;
  en: string;
}

export const KEYWORDS: Record<string, Keyword> = {
  ffSales: {
    keyword: "货代销售经验",
    weight: 3,
    synonyms: ["freight forwarding sales", "货代销售", "国际物流销售", "forwarder sales", "logistics sales"],
    zh: "{years}年国际货代销售经验，负责揽货与客户开发",
    en: "{years} years of freight forwarding sales, winning cargo and developing accounts",
  },
  clientBook: {
    keyword: "客户资源",
    weight: 2,
    synonyms: ["client book", "客户积累", "existing customers", "customer base", "稳定客户"],
    zh: "积累稳定客户资源 {clients} 余家，以外贸工厂和跨境电商卖家为主",
    en: "brings a client book of {clients}+ shippers, mostly export factories and e-commerce sellers",
  },
  conversion: {
    keyword: "订单转化",
    weight: 2,
    synonyms: ["conversion", "成单率", "closing rate", "签单", "lead conversion"],
    zh: "线索到订单转化率约 {rate}%，季度签单排名前列",
    en: "lead-to-order conversion around {rate}%, top of the team for closed deals",
  },
  ocean: {
    keyword: "海运",
    weight: 2,
    synonyms: ["ocean freight", "sea freight", "FCL", "LCL", "整柜", "拼箱"],
    zh: "熟悉美线、欧线海运整柜（FCL）与拼箱（LCL）运价和舱位",
    en: "knows FCL and LCL ocean freight rates and space on transpacific and Asia–Europe lanes",
  },
  air: {
    keyword: "空运",
    weight: 2,
    synonyms: ["air freight", "air cargo", "航空货运", "包板"],
    zh: "熟悉空运订舱、包板及航空公司运价",
    en: "experienced in air freight bookings, ULD/charter space and airline rates",
  },
  rail: {
    keyword: "中欧班列",
    weight: 2,
    synonyms: ["China-Europe rail", "rail freight", "铁路运输", "班列"],
    zh: "做过中欧班列整柜与拼箱业务",
    en: "sold China–Europe rail freight, both full containers and groupage",
  },
  english: {
    keyword: "英语",
    weight: 1,
    synonyms: ["English", "CET-6", "英文", "TOEIC", "business English"],
    zh: "英语六级，可用英文与海外代理沟通",
    en: "fluent business English (CET-6), works daily with overseas agents",
  },
  customs: {
    keyword: "报关",
    weight: 1,
    synonyms: ["customs clearance", "customs brokerage", "清关", "HS code"],
    zh: "了解报关、清关流程及 HS 编码归类",
    en: "understands customs clearance and HS classification",
  },
  crm: {
    keyword: "CRM",
    weight: 1,
    synonyms: ["Salesforce", "销售漏斗", "sales pipeline", "纷享销客", "客户管理系统"],
    zh: "习惯用 CRM 管理销售漏斗和跟进记录",
    en: "keeps the sales pipeline and follow-ups in a CRM",
  },
  negotiation: {
    keyword: "谈判",
    weight: 1,
    synonyms: ["negotiation", "商务谈判", "pricing negotiation", "议价"],
    zh: "擅长商务谈判与报价议价",
    en: "strong at negotiation and pricing discussions",
  },
  ecommerce: {
    keyword: "跨境电商",
    weight: 1,
    synonyms: ["cross-border e-commerce", "FBA", "亚马逊头程", "Amazon FBA"],
    zh: "服务过亚马逊 FBA 头程等跨境电商客户",
    en: "served cross-border e-commerce sellers, including Amazon FBA first-mile",
  },
  keyAccount: {
    keyword: "大客户",
    weight: 1,
    synonyms: ["key account", "KA", "大客户管理", "strategic accounts"],
    zh: "负责过年运量千柜以上的大客户",
    en: "managed key accounts shipping 1,000+ containers a year",
  },
};

export const OPENINGS = [
  {
    zh: "海运销售代表",
    en: "Ocean freight sales representative",
    required: ["ffSales", "clientBook", "ocean"],
    preferred: ["conversion", "english", "crm", "negotiation"],
  },
  {
    zh: "空运销售经理",
    en: "Air freight sales manager",
    required: ["ffSales", "air", "clientBook"],
    preferred: ["conversion", "english", "keyAccount"],
  },
  {
    zh: "大客户经理",
    en: "Key account manager",
    required: ["ffSales", "clientBook", "keyAccount"],
    preferred: ["negotiation", "english", "ocean", "crm"],
  },
  {
    zh: "铁路运输销售",
    en: "Rail freight sales",
    required: ["ffSales", "rail"],
    preferred: ["clientBook", "customs", "conversion"],
  },
  {
    zh: "跨境电商物流销售",
    en: "E-commerce logistics sales",
    required: ["ffSales", "conversion"],
    preferred: ["ecommerce", "air", "crm", "clientBook"],
  },
  {
    zh: "销售代表（应届/转行）",
    en: "Sales representative (graduate / career change)",
    required: ["conversion"],
    preferred: ["english", "crm", "ocean", "customs"],
  },
] as const;

export const CANDIDATE_SOURCES = ["BOSS直聘", "猎聘", "前程无忧", "内推 referral", "LinkedIn", "智联招聘"];

export const UNIVERSITIES = [
  { zh: "上海海事大学", en: "Shanghai Maritime University" },
  { zh: "大连海事大学", en: "Dalian Maritime University" },
  { zh: "华南理工大学", en: "South China University of Technology" },
  { zh: "宁波大学", en: "Ningbo University" },
  { zh: "天津财经大学", en: "Tianjin University of Finance and Economics" },
  { zh: "武汉理工大学", en: "Wuhan University of Technology" },
  { zh: "西南交通大学", en: "Southwest Jiaotong University" },
  { zh: "广东外语外贸大学", en: "Guangdong University of Foreign Studies" },
];

export const MAJORS = [
  { zh: "物流管理", en: "Logistics Management" },
  { zh: "国际经济与贸易", en: "International Trade" },
  { zh: "英语", en: "English" },
  { zh: "市场营销", en: "Marketing" },
  { zh: "交通运输", en: "Transportation" },
];

export const PREVIOUS_EMPLOYERS = [
  { zh: "某国际货运代理有限公司", en: "a mid-size freight forwarder" },
  { zh: "某跨境物流公司", en: "a cross-border logistics company" },
  { zh: "某船公司订舱代理", en: "a shipping line's booking agent" },
  { zh: "某外贸工厂", en: "an export manufacturer" },
  { zh: "某空运代理公司", en: "an air cargo agent" },
];
