// The demo world: a freight forwarder with branches, teams, managers, HR, sales reps, customers,
// orders, payments, leads, ratings, plans, targets, team goals, courses, recruitment and
// onboarding — all derived from (seed, reps, months, now) and nothing else.
//
// The organization-level parts (teams, employees, plans, recruitment…) are small and built eagerly.
// The per-rep business data (≈500 orders a rep a year) is built on demand, one rep at a time, from
// PRNG streams keyed by (seed, rep, stage): the loader walks the reps once per table and rebuilds
// what it needs, so a million orders never sit in memory at once and every table sees the same
// rows. Ids are assigned here (not by Postgres) so foreign keys can be written without round-trips.
import { Rng } from "./random.ts";
import { EmailBook, randomName, type PersonName } from "./names.ts";
import {
  BRANCHES,
  CANDIDATE_SOURCES,
  COURSES,
  CUSTOMER_BRANDS,
  CUSTOMER_CITIES,
  CUSTOMER_INDUSTRIES,
  KEYWORDS,
  LANE_MIXES,
  LANES,
  MAJORS,
  DEVELOPMENT_COURSES,
  METRIC_COURSES,
  ONBOARDING_TEMPLATE,
  OPENINGS,
  PLANS,
  PREVIOUS_EMPLOYERS,
  TEAM_BONUS_TIERS,
  UNIVERSITIES,
  cnNumber,
  type Branch,
  type Lane,
} from "./catalog.ts";
import { DAY_MS, MINUTE_MS, WorkCalendar, ZONE, dayOf, dayStart, periodsEndingAt, type Period } from "./time.ts";

export interface DemoOptions {
  /** Number of salespeople (≥ 1). */
  reps: number;
  /** Number of calendar months of orders, ending with the month of `now` (≥ 1). */
  months: number;
  /** Any string or number; the same seed (with the same reps, months and now) gives the same data. */
  seed: string | number;
  /** The business clock: the current month only has data up to this instant. */
  now: Date;
}

export type Role = "sales" | "manager" | "hr" | "admin";
export type EmployeeStatus = "active" | "on_leave" | "left";
export type OrderStatus = "booked" | "in_transit" | "completed" | "cancelled";
export type LeadStatus = "open" | "converted" | "lost";
export type PlanKey = (typeof PLANS)[number]["key"];
type MixKey = keyof typeof LANE_MIXES;
type PayBehavior = "prepaid" | "punctual" | "slow" | "bad";

export interface TeamRow {
  id: number;
  externalId: string;
  name: string;
  managerId: number | null;
  parentId: number | null;
  /** true for a regional branch (a parent of sales teams) */
  isBranch: boolean;
  branch: Branch;
}

export interface EmployeeRow {
  id: number;
  externalId: string;
  name: string;
  email: string;
  mobile: string;
  role: Role;
  level: "veteran" | "new" | null;
  planId: number | null;
  teamId: number | null;
  hiredDay: number;
  probationEndDay: number | null;
  status: EmployeeStatus;
  /** Last day at the company, for people who left. */
  leftDay?: number | null;
  locale: string | null;
}

/** A salesperson's hidden traits, which drive their data. */
export interface Rep {
  index: number;
  employee: EmployeeRow;
  team: TeamRow;
  branch: Branch;
  plan: PlanKey;
  /** Activity window: orders and leads happen in [activeFromMs, activeUntilMs). */
  activeFromMs: number;
  activeUntilMs: number;
  /** Month index (in `periods`) of the first and last month the rep has targets for. */
  firstPeriod: number;
  lastPeriod: number;
  skill: number;
  margin: number;
  quality: number;
  conversion: number;
  leadRate: number;
  mix: MixKey;
}

export interface CustomerGen {
  name: string;
  /** When the customer's first order was booked; Infinity when it has none yet. */
  firstOrderMs: number;
  weight: number;
  dormantFromMs: number;
  termsDays: number | null;
  behavior: PayBehavior;
  mix: MixKey;
  ticket: number;
}

export interface LeadGen {
  createdMs: number;
  status: LeadStatus;
  closedMs: number | null;
}

export interface OrderGen {
  /** Index into the rep's customers. */
  customer: number;
  bookedMs: number;
  revenueCents: number;
  costCents: number;
  status: OrderStatus;
  dueDay: number | null;
  lane: Lane;
}

export interface PaymentGen {
  /** Index into the rep's orders. */
  order: number;
  paidMs: number;
  amountCents: number;
}

export interface RatingGen {
  order: number;
  score: number;
  department: "operations" | "customer_service";
  ratedMs: number;
}

export interface TargetRow {
  employeeId: number;
  period: string;
  metric: string;
  value: string;
}

export interface TeamGoalRow {
  teamId: number;
  period: string;
  metric: string;
  value: string;
}

export interface OpeningRow {
  id: number;
  externalId: string;
  title: string;
  teamId: number;
  ownerId: number;
  status: string;
  keywordProfile: unknown;
  spec: (typeof OPENINGS)[number];
}

export interface CandidateRow {
  id: number;
  externalId: string;
  name: string;
  email: string;
  phone: string;
  resumeText: string;
  source: string;
}

export type Stage =
  | "applied"
  | "screened"
  | "interview"
  | "offer"
  | "accepted"
  | "declined"
  | "onboarded"
  | "rejected"
  | "withdrawn";

export interface ApplicationRow {
  id: number;
  externalId: string;
  candidateId: number;
  openingId: number;
  stage: Stage;
  appliedMs: number;
}

export interface StageChangeRow {
  id: number;
  applicationId: number;
  from: Stage | null;
  to: Stage;
  changedMs: number;
  changedBy: string;
  note: string | null;
}

export interface InterviewRow {
  id: number;
  externalId: string;
  applicationId: number;
  scheduledMs: number;
  interviewers: string[];
  result: string | null;
}

export interface OfferRow {
  id: number;
  externalId: string;
  applicationId: number;
  sentMs: number;
  deadlineMs: number;
  status: "pending" | "accepted" | "declined" | "expired" | "withdrawn";
  respondedMs: number | null;
}

export interface OnboardingProgressRow {
  id: number;
  employeeId: number;
  itemId: number;
  completedMs: number | null;
}

// Calendar-month seasonality of bookings: Chinese New Year dip, Golden Week, the peak season for
// Western holiday stock in Aug–Nov.
const SEASONALITY = [0.95, 0.72, 1.0, 1.0, 1.02, 1.05, 1.1, 1.15, 1.15, 1.02, 1.1, 1.0];
const VETERAN_ORDERS_PER_MONTH = 48;
const NEW_ORDERS_PER_MONTH = 28;
const CANCEL_RATE = 0.08;
/** Most orders a month a freshly won customer gives a new hire (they ship about weekly). */
const ORDERS_PER_NEW_CUSTOMER = 4;
const HISTORY_DAYS = 540;

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Mean revenue (CNY) of an order on a lane, matching how `buildOrders` draws units and prices. */
function laneMeanRevenue(lane: Lane): number {
  const span = lane.unitsMax - lane.unitsMin + 1;
  let extraUnits = 0; // E[floor(span·r²)] = Σ_{k≥1} P(r² ≥ k/span)
  for (let k = 1; k < span; k++) extraUnits += 1 - Math.sqrt(k / span);
  return ((lane.unitMin + lane.unitMax) / 2) * (lane.unitsMin + extraUnits) + lane.fixedFee;
}

const MIX_MEAN_REVENUE: Record<MixKey, number> = Object.fromEntries(
  (Object.keys(LANE_MIXES) as MixKey[]).map((key) => {
    const weights = LANE_MIXES[key];
    let total = 0;
    let sum = 0;
    LANES.forEach((lane, i) => {
      const w = weights[i] ?? 0;
      total += w;
      sum += w * laneMeanRevenue(lane);
    });
    return [key, sum / total];
  }),
) as Record<MixKey, number>;

export class DemoWorld {
  readonly seed: string;
  readonly reps: number;
  readonly months: number;
  readonly nowMs: number;
  readonly periods: Period[];
  readonly windowStartMs: number;
  readonly calendar: WorkCalendar;

  readonly organization = {
    name: "海川国际货运代理有限公司（演示）",
    timezone: ZONE,
    currency: "CNY",
    defaultLocale: "zh-CN",
    calendarSource: "cn-official",
  };
  readonly plans = PLANS.map((plan, i) => ({ id: i + 1, ...plan }));
  readonly planItems: Array<{ id: number; planId: number; position: number; metric: string; weight: string }> = [];
  readonly courses = COURSES.map((course, i) => ({
    id: i + 1,
    ...course,
    url: `https://learn.example.com/courses/${course.externalId.slice(3).toLowerCase()}`,
  }));
  readonly metricCourses = Object.entries(METRIC_COURSES).map(([metric, course]) => ({
    metric,
    courseId: (COURSES.findIndex((c) => c.externalId === course) + 1) as number,
  }));
  readonly developmentCourses = Object.entries(DEVELOPMENT_COURSES).map(([metric, course]) => ({
    metric,
    courseId: (COURSES.findIndex((c) => c.externalId === course) + 1) as number,
  }));
  readonly teams: TeamRow[] = [];
  readonly employees: EmployeeRow[] = [];
  readonly repList: Rep[] = [];
  readonly targets: TargetRow[] = [];
  readonly teamGoals: TeamGoalRow[] = [];
  readonly openings: OpeningRow[] = [];
  readonly candidates: CandidateRow[] = [];
  readonly applications: ApplicationRow[] = [];
  readonly stageChanges: StageChangeRow[] = [];
  readonly interviews: InterviewRow[] = [];
  readonly offers: OfferRow[] = [];
  readonly onboardingTemplate = {
    id: 1,
    key: ONBOARDING_TEMPLATE.key,
    role: ONBOARDING_TEMPLATE.role,
    name: ONBOARDING_TEMPLATE.name,
  };
  readonly onboardingItems = ONBOARDING_TEMPLATE.items.map((item, i) => ({
    id: i + 1,
    templateId: 1,
    key: item.key,
    title: item.title,
    kind: item.kind,
    courseId: item.course === null ? null : COURSES.findIndex((c) => c.externalId === item.course) + 1,
    dueDays: item.dueDays,
  }));
  readonly onboardingProgress: OnboardingProgressRow[] = [];

  private hrIds: EmployeeRow[] = [];
  private readonly emails = new EmailBook();

  constructor(options: DemoOptions) {
    if (!Number.isInteger(options.reps) || options.reps < 1) throw new RangeError("reps must be an integer ≥ 1");
    if (!Number.isInteger(options.months) || options.months < 1 || options.months > 60)
      throw new RangeError("months must be an integer from 1 to 60");
    const nowMs = options.now.getTime();
    if (!Number.isFinite(nowMs)) throw new RangeError("now must be a valid date");
    this.seed = String(options.seed);
    this.reps = options.reps;
    this.months = options.months;
    this.nowMs = nowMs;
    this.periods = periodsEndingAt(nowMs, options.months);
    this.windowStartMs = this.periods[0]!.startMs;
    const todayDay = dayOf(nowMs);
    this.calendar = new WorkCalendar(dayOf(this.windowStartMs) - HISTORY_DAYS - 3700, todayDay + 400);

    let itemId = 0;
    for (const plan of this.plans)
      plan.items.forEach((item, i) =>
        this.planItems.push({
          id: ++itemId,
          planId: plan.id,
          position: i + 1,
          metric: item.metric,
          weight: item.weight,
        }),
      );

    this.buildOrganization();
    this.buildTargets();
    this.buildRecruitment();
    this.buildOnboarding();
  }

  planId(key: PlanKey): number {
    return this.plans.findIndex((p) => p.key === key) + 1;
  }

  // ---------------------------------------------------------------------------------------------
  // Organization: branches, teams, people

  private newEmployee(
    rng: Rng,
    fields: Omit<EmployeeRow, "id" | "name" | "email" | "mobile" | "locale">,
    name?: PersonName,
  ): EmployeeRow {
    const person = name ?? randomName(rng);
    const id = this.employees.length + 1;
    // (id·7919 + c) mod 10⁸ is a bijection on ids, so mobiles never repeat.
    const suffix = pad((id * 7919 + 20_241_111) % 100_000_000, 8);
    const employee: EmployeeRow = {
      id,
      name: person.zh,
      email: `${this.emails.take(person.pinyin)}@example.com`,
      mobile: `1${rng.pick(["35", "36", "38", "39", "58", "77", "86", "88"])}${suffix}`,
      locale: rng.chance(0.04) ? "en" : null,
      ...fields,
    };
    this.employees.push(employee);
    return employee;
  }

  private buildOrganization(): void {
    const rng = new Rng(this.seed, "org");
    const todayDay = dayOf(this.nowMs);
    const windowFirstDay = dayOf(this.windowStartMs);

    // Teams of about ten reps, spread over the regional branches by weight.
    const nTeams = Math.max(1, Math.round(this.reps / 10));
    const nBranches = Math.min(BRANCHES.length, nTeams >= 10 ? BRANCHES.length : Math.ceil(nTeams / 2));
    const branches = BRANCHES.slice(0, nBranches);
    const teamsPerBranch = apportion(
      nTeams,
      branches.map((b) => b.weight),
    );

    const branchRows: TeamRow[] = [];
    for (const branch of branches) {
      const row: TeamRow = {
        id: this.teams.length + 1,
        externalId: branch.externalId,
        name: branch.zh,
        managerId: null,
        parentId: null,
        isBranch: true,
        branch,
      };
      this.teams.push(row);
      branchRows.push(row);
    }
    const salesTeams: TeamRow[] = [];
    branches.forEach((branch, b) => {
      const cycle: typeof branch.cities = [];
      for (let round = 0; cycle.length < 1 || round < 10; round++)
        for (const city of branch.cities) if (round < city.weight) cycle.push(city);
      const perCity = new Map<string, number>();
      for (let t = 0; t < (teamsPerBranch[b] ?? 0); t++) {
        const city = cycle[t % cycle.length]!;
        const n = (perCity.get(city.code) ?? 0) + 1;
        perCity.set(city.code, n);
        const row: TeamRow = {
          id: this.teams.length + 1,
          externalId: `T-${city.code}-${pad(n, 2)}`,
          name: `${city.zh}销售${cnNumber(n)}组`,
          managerId: null,
          parentId: branchRows[b]!.id,
          isBranch: false,
          branch,
        };
        this.teams.push(row);
        salesTeams.push(row);
      }
    });

    const veteranHire = () => todayDay - rng.int(400, 9 * 365);
    const probation = (hired: number) => hired + (rng.chance(0.4) ? 91 : 182);

    // Admin, HR, branch directors, team managers, then the reps.
    this.newEmployee(rng, {
      externalId: "E-A01",
      role: "admin",
      level: null,
      planId: null,
      teamId: null,
      hiredDay: veteranHire(),
      probationEndDay: null,
      status: "active",
    });
    const nHr = 1 + Math.floor(this.reps / 300);
    for (let i = 0; i < nHr; i++) {
      const hired = veteranHire();
      this.hrIds.push(
        this.newEmployee(rng, {
          externalId: `E-H${pad(i + 1, 3)}`,
          role: "hr",
          level: null,
          planId: null,
          teamId: null,
          hiredDay: hired,
          probationEndDay: probation(hired),
          status: "active",
        }),
      );
    }
    branchRows.forEach((branch, i) => {
      const hired = todayDay - rng.int(4 * 365, 12 * 365);
      branch.managerId = this.newEmployee(rng, {
        externalId: `E-D${pad(i + 1, 2)}`,
        role: "manager",
        level: null,
        planId: null,
        teamId: branch.id,
        hiredDay: hired,
        probationEndDay: probation(hired),
        status: "active",
      }).id;
    });
    salesTeams.forEach((team, i) => {
      const hired = todayDay - rng.int(2 * 365, 10 * 365);
      team.managerId = this.newEmployee(rng, {
        externalId: `E-M${pad(i + 1, 4)}`,
        role: "manager",
        level: null,
        planId: null,
        teamId: team.id,
        hiredDay: hired,
        probationEndDay: probation(hired),
        status: "active",
      }).id;
    });

    // Team sizes: an even split, then pairs of teams trade up to two people (8–12 for ~10).
    const sizes = apportion(
      this.reps,
      salesTeams.map(() => 1),
    );
    for (let i = 0; i + 1 < sizes.length; i += 2) {
      const move = Math.min(rng.int(0, 2), (sizes[i] ?? 0) - 1);
      sizes[i] = (sizes[i] ?? 0) - move;
      sizes[i + 1] = (sizes[i + 1] ?? 0) + move;
    }

    let index = 0;
    salesTeams.forEach((team, t) => {
      for (let k = 0; k < (sizes[t] ?? 0); k++) {
        this.repList.push(this.newRep(rng, index++, team, todayDay, windowFirstDay));
      }
    });
  }

  private newRep(rng: Rng, index: number, team: TeamRow, todayDay: number, windowFirstDay: number): Rep {
    const isNew = rng.chance(0.16);
    // New hires joined in the last six months (probation 3 or 6 months); veterans 13 months to 9 years ago.
    const hiredDay = isNew ? this.calendar.onOrAfter(todayDay - rng.int(12, 180)) : todayDay - rng.int(395, 9 * 365);
    const finalHired = Math.min(hiredDay, todayDay - 1);
    const probationEndDay = finalHired + (isNew ? (rng.chance(0.4) ? 91 : 182) : rng.chance(0.4) ? 91 : 182);
    const activeFromMs = Math.max(dayStart(finalHired) + 3 * DAY_MS, this.windowStartMs - HISTORY_DAYS * DAY_MS);

    let status: EmployeeStatus = "active";
    let activeUntilMs = this.nowMs;
    const roll = rng.next();
    if (isNew) {
      const quitDay = finalHired + rng.int(20, 90);
      if (roll < 0.03 && quitDay < todayDay - 5) {
        status = "left";
        activeUntilMs = dayStart(quitDay);
      }
    } else if (roll < 0.04) {
      // Left at some point during the window (at least a few weeks of history first).
      const from = Math.max(windowFirstDay + 20, finalHired + 60);
      const to = todayDay - 10;
      if (to > from) {
        status = "left";
        activeUntilMs = dayStart(rng.int(from, to));
      }
    } else if (roll < 0.06) {
      status = "on_leave";
      activeUntilMs = Math.max(activeFromMs, dayStart(todayDay - rng.int(5, 40)));
    }

    const plan: PlanKey = isNew ? "new" : "veteran";
    const employee = this.newEmployee(rng, {
      externalId: `E-S${pad(index + 1, 5)}`,
      role: "sales",
      level: isNew ? "new" : "veteran",
      planId: this.planId(plan),
      teamId: team.id,
      hiredDay: finalHired,
      probationEndDay,
      status,
    });
    if (status === "left") employee.leftDay = dayOf(activeUntilMs) - 1;

    const branchMix: Record<string, Array<[MixKey, number]>> = {
      "T-EAST": [
        ["sea", 5],
        ["mixed", 3],
        ["air", 2],
      ],
      "T-SOUTH": [
        ["sea", 4],
        ["air", 3],
        ["mixed", 3],
      ],
      "T-NORTH": [
        ["sea", 5],
        ["mixed", 3],
        ["air", 1],
        ["rail", 1],
      ],
      "T-CENTRAL": [
        ["rail", 4],
        ["mixed", 3],
        ["air", 2],
      ],
      "T-WEST": [
        ["rail", 5],
        ["mixed", 3],
        ["air", 2],
      ],
    };
    const mixes = branchMix[team.branch.externalId] ?? [["mixed", 1]];

    // Targets run from the hire month to the month the rep left.
    const firstPeriod = Math.max(
      0,
      this.periods.findIndex((p) => dayStart(finalHired) < p.endMs),
    );
    const leftIdx = this.periods.findIndex((p) => activeUntilMs <= p.endMs);
    const lastPeriod = status === "left" && leftIdx >= 0 ? leftIdx : this.periods.length - 1;

    return {
      index,
      employee,
      team,
      branch: team.branch,
      plan,
      activeFromMs,
      activeUntilMs,
      firstPeriod,
      lastPeriod,
      skill: Math.exp(rng.normal(-0.06, 0.35)),
      margin: clamp(rng.normal(0.125, 0.03), 0.05, 0.22),
      quality: clamp(rng.normal(4.15, 0.35), 3.2, 4.85),
      conversion: isNew ? rng.range(0.15, 0.38) : rng.range(0.22, 0.45),
      leadRate: (isNew ? 11 : 5) * rng.range(0.7, 1.3),
      mix: rng.weighted(
        mixes.map((m) => m[0]),
        mixes.map((m) => m[1]),
      ),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Per-rep business data (built on demand; see the class comment)

  /** A random instant in [fromMs, toMs) during office hours, mostly on working days; NaN if none. */
  private officeInstant(
    rng: Rng,
    fromMs: number,
    toMs: number,
    startMin = 510,
    endMin = 1200,
    weekendShare = 0.04,
  ): number {
    if (toMs <= fromMs) return Number.NaN;
    const d0 = dayOf(fromMs);
    const d1 = dayOf(toMs - 1);
    for (let attempt = 0; attempt < 12; attempt++) {
      const day = rng.int(d0, d1);
      if (!this.calendar.isWorkday(day) && !rng.chance(weekendShare) && attempt < 10) continue;
      const ms = dayStart(day) + rng.int(startMin, endMin) * MINUTE_MS;
      if (ms >= fromMs && ms < toMs) return ms;
    }
    return Number.NaN;
  }

  /** Expected bookings of `rep` in period `p` (before cancellations), used for volume and targets. */
  expectedOrders(rep: Rep, p: Period): number {
    const season = SEASONALITY[p.month - 1] ?? 1;
    if (rep.plan === "veteran") return VETERAN_ORDERS_PER_MONTH * rep.skill * season;
    // A new hire ramps up, and can only book for customers already won from their leads.
    const monthsIn = (p.startMs + 15 * DAY_MS - dayStart(rep.employee.hiredDay)) / (30 * DAY_MS);
    const ramp = NEW_ORDERS_PER_MONTH * rep.skill * season * clamp(0.25 + 0.22 * monthsIn, 0.25, 1);
    const customers = rep.leadRate * rep.conversion * 0.85 * Math.max(0, monthsIn - 0.6);
    return Math.min(ramp, ORDERS_PER_NEW_CUSTOMER * customers);
  }

  expectedRevenuePerOrder(rep: Rep): number {
    return MIX_MEAN_REVENUE[rep.mix];
  }

  /** Stage A: the rep's leads and customers (existing book + those won from converted leads). */
  customersAndLeads(rep: Rep): { customers: CustomerGen[]; leads: LeadGen[] } {
    const rng = new Rng(this.seed, `A:${rep.index}`);
    const customers: CustomerGen[] = [];
    const newCustomer = (firstOrderMs: number, weight: number): CustomerGen => {
      const terms = rng.weighted<number | null>([30, 45, 60, 15, 0, null], [62, 14, 12, 5, 4, 3]);
      const behavior: PayBehavior =
        terms === 0 ? "prepaid" : rng.weighted<PayBehavior>(["punctual", "slow", "bad"], [58, 32, 10]);
      return {
        name: `${rng.pick(CUSTOMER_CITIES)}${rng.pick(CUSTOMER_BRANDS)}${rng.pick(CUSTOMER_INDUSTRIES)}${rng.chance(0.12) ? "股份" : ""}有限公司`,
        firstOrderMs,
        weight,
        dormantFromMs: rng.chance(0.12) ? rng.range(this.windowStartMs, this.nowMs) : Infinity,
        termsDays: terms,
        behavior,
        mix: rng.chance(0.75) ? rep.mix : rng.pick(Object.keys(LANE_MIXES) as MixKey[]),
        ticket: Math.exp(rng.normal(-0.08, 0.4)),
      };
    };

    // The book a rep brings into the window: one earlier order each, so "first order ever" and
    // repurchase behave as in a live system from the first month on.
    if (rep.activeFromMs < this.windowStartMs) {
      const n = Math.round(rng.range(18, 42) * Math.sqrt(rep.skill));
      for (let k = 0; k < n; k++) {
        const at = this.officeInstant(rng, rep.activeFromMs, this.windowStartMs);
        if (Number.isNaN(at)) continue;
        customers.push(newCustomer(at, 1 / (k + 1) ** 0.85));
      }
    }

    // Leads: created month by month (from one month before the window), closed 2–45 days later.
    const leads: LeadGen[] = [];
    const won: Array<{ at: number }> = [];
    const leadFrom = Math.max(rep.activeFromMs, this.windowStartMs - 30 * DAY_MS);
    for (let start = leadFrom; start < rep.activeUntilMs; start += 30 * DAY_MS) {
      const end = Math.min(start + 30 * DAY_MS, rep.activeUntilMs);
      const n = rng.poisson(rep.leadRate * ((end - start) / (30 * DAY_MS)));
      for (let j = 0; j < n; j++) {
        const createdMs = this.officeInstant(rng, start, end);
        if (Number.isNaN(createdMs)) continue;
        const closeMs = createdMs + rng.int(2, 45) * DAY_MS + rng.int(-120, 240) * MINUTE_MS;
        const converted = rng.chance(rep.conversion);
        const stale = rng.chance(0.05);
        if (closeMs >= this.nowMs || stale) leads.push({ createdMs, status: "open", closedMs: null });
        else if (closeMs >= rep.activeUntilMs) {
          // The rep left or went on leave before it closed: the lead was dropped.
          const dropped = rep.activeUntilMs + rng.int(1, 5) * DAY_MS;
          leads.push(
            dropped < this.nowMs
              ? { createdMs, status: "lost", closedMs: dropped }
              : { createdMs, status: "open", closedMs: null },
          );
        } else if (converted) {
          leads.push({ createdMs, status: "converted", closedMs: closeMs });
          won.push({ at: closeMs });
        } else leads.push({ createdMs, status: "lost", closedMs: closeMs });
      }
    }
    leads.sort((a, b) => a.createdMs - b.createdMs);
    won.sort((a, b) => a.at - b.at);
    for (const w of won) {
      const first = this.officeInstant(rng, w.at, w.at + 10 * DAY_MS);
      const firstOrderMs = Number.isNaN(first) || first >= rep.activeUntilMs ? Infinity : first;
      customers.push(newCustomer(firstOrderMs, rng.chance(0.1) ? rng.range(0.8, 1.5) : rng.range(0.1, 0.7)));
    }
    return { customers, leads };
  }

  /** Stage B: the rep's orders, oldest first. */
  orders(rep: Rep, customers: CustomerGen[]): OrderGen[] {
    const rng = new Rng(this.seed, `B:${rep.index}`);
    const slots: Array<{ at: number; customer: number; history: boolean }> = [];
    customers.forEach((c, i) => {
      if (c.firstOrderMs < rep.activeUntilMs)
        slots.push({ at: c.firstOrderMs, customer: i, history: c.firstOrderMs < this.windowStartMs });
    });
    const regular: number[] = [];
    for (const p of this.periods) {
      const from = Math.max(p.startMs, rep.activeFromMs);
      const to = Math.min(p.endMs, rep.activeUntilMs);
      if (to <= from) continue;
      const share = this.workShare(p, from, to);
      let mean = this.expectedOrders(rep, p) * share;
      if (rep.plan === "new") {
        const known = customers.reduce((n, c) => n + (c.firstOrderMs < to ? 1 : 0), 0);
        mean = Math.min(mean, known * ORDERS_PER_NEW_CUSTOMER);
      }
      const firsts = slots.reduce((n, s) => n + (s.at >= from && s.at < to ? 1 : 0), 0);
      const n = Math.max(0, rng.poisson(mean) - firsts);
      for (let j = 0; j < n; j++) {
        const at = this.officeInstant(rng, from, to);
        if (!Number.isNaN(at)) regular.push(at);
      }
    }
    regular.sort((a, b) => a - b);
    // Regular orders go to customers already won and not gone dormant, big accounts more often.
    for (const at of regular) {
      let total = 0;
      for (const c of customers) if (c.firstOrderMs < at && at < c.dormantFromMs) total += c.weight;
      if (total <= 0) continue;
      let r = rng.next() * total;
      let chosen = -1;
      for (let i = 0; i < customers.length; i++) {
        const c = customers[i]!;
        if (c.firstOrderMs < at && at < c.dormantFromMs) {
          chosen = i;
          r -= c.weight;
          if (r < 0) break;
        }
      }
      slots.push({ at, customer: chosen, history: false });
    }
    slots.sort((a, b) => a.at - b.at || a.customer - b.customer);

    const out: OrderGen[] = [];
    for (const slot of slots) {
      const c = customers[slot.customer]!;
      const lane = rng.weighted(LANES, LANE_MIXES[c.mix]);
      const units = lane.unitsMin + Math.floor((lane.unitsMax - lane.unitsMin + 1) * rng.next() ** 2);
      const price = rng.range(lane.unitMin, lane.unitMax);
      const revenue = Math.max(300, (units * price + lane.fixedFee) * c.ticket);
      const revenueCents = Math.round(revenue * 100);
      const margin = clamp(rng.normal(rep.margin, 0.045), -0.08, 0.4);
      const costCents = Math.round(revenueCents * (1 - margin));
      const transit = rng.int(lane.transitMin, lane.transitMax);
      let status: OrderStatus;
      if (!slot.history && rng.chance(CANCEL_RATE)) status = "cancelled";
      else {
        const ageDays = (this.nowMs - slot.at) / DAY_MS;
        if (ageDays < rng.int(1, 4)) status = "booked";
        else if (ageDays < transit + 4) status = "in_transit";
        else status = "completed";
      }
      const bookedDay = dayOf(slot.at);
      const dueDay = c.termsDays === null ? null : bookedDay + (c.termsDays === 0 ? 0 : c.termsDays);
      out.push({ customer: slot.customer, bookedMs: slot.at, revenueCents, costCents, status, dueDay, lane });
    }
    return out;
  }

  /** Share of the period's working days that fall in [from, to). */
  private workShare(p: Period, from: number, to: number): number {
    let all = 0;
    let inside = 0;
    for (let d = p.firstDay; d < p.endDay; d++) {
      if (!this.calendar.isWorkday(d)) continue;
      all++;
      const s = dayStart(d);
      if (s >= from && s + DAY_MS <= to) inside++;
      else if (s + DAY_MS > from && s < to) inside += (Math.min(to, s + DAY_MS) - Math.max(from, s)) / DAY_MS;
    }
    return all === 0 ? 0 : inside / all;
  }

  /** A payment instant on the first working day on/after `day`, in banking hours, after `afterMs`. */
  private payInstant(rng: Rng, day: number, afterMs: number): number {
    const d = this.calendar.onOrAfter(day);
    let ms = dayStart(d) + rng.int(570, 1050) * MINUTE_MS;
    if (ms <= afterMs) ms = afterMs + rng.int(30, 240) * MINUTE_MS;
    return ms;
  }

  /** Stage C: payments of the rep's orders (partial, full, late, never; refunds are negative). */
  payments(rep: Rep, customers: CustomerGen[], orders: OrderGen[]): PaymentGen[] {
    const rng = new Rng(this.seed, `C:${rep.index}`);
    const out: PaymentGen[] = [];
    const now = this.nowMs;
    orders.forEach((o, i) => {
      const c = customers[o.customer]!;
      const bookedDay = dayOf(o.bookedMs);
      if (o.status === "cancelled") {
        // Some cancelled bookings had a deposit, which is refunded in full.
        if (!rng.chance(0.3)) return;
        const deposit = Math.round(o.revenueCents * rng.pick([0.3, 0.5]));
        const paid = this.payInstant(rng, bookedDay + rng.int(0, 3), o.bookedMs);
        if (paid >= now) return;
        out.push({ order: i, paidMs: paid, amountCents: deposit });
        const refunded = this.payInstant(rng, dayOf(paid) + rng.int(3, 20), paid);
        if (refunded < now) out.push({ order: i, paidMs: refunded, amountCents: -deposit });
        return;
      }
      const due = o.dueDay ?? bookedDay + 30;
      let finalDay: number;
      switch (c.behavior) {
        case "prepaid":
          finalDay = bookedDay + rng.int(0, 3);
          break;
        case "punctual":
          finalDay = Math.max(bookedDay + 1, due - rng.int(0, 12));
          break;
        case "slow":
          finalDay = due + rng.int(0, 30);
          break;
        case "bad":
          finalDay = due + rng.int(20, 100);
          break;
      }
      const partialForever = rng.chance(c.behavior === "bad" ? 0.35 : c.behavior === "slow" ? 0.05 : 0.01);
      const owed = partialForever ? Math.round(o.revenueCents * rng.range(0.4, 0.9)) : o.revenueCents;
      const pattern = rng.weighted([1, 2, 3], [68, 25, 7]);
      const parts: Array<{ day: number; cents: number }> = [];
      if (pattern === 1) parts.push({ day: finalDay, cents: owed });
      else {
        const depositShare = pattern === 2 ? rng.pick([0.3, 0.5]) : 0.3;
        const first = Math.min(owed, Math.round(o.revenueCents * depositShare));
        const firstDay = Math.min(finalDay, bookedDay + rng.int(0, 7));
        parts.push({ day: firstDay, cents: first });
        if (pattern === 3) {
          const second = Math.min(owed - first, Math.round(o.revenueCents * 0.4));
          parts.push({ day: Math.max(firstDay, Math.round((firstDay + finalDay) / 2)), cents: second });
        }
        const rest = owed - parts.reduce((s, p) => s + p.cents, 0);
        if (rest > 0) parts.push({ day: finalDay, cents: rest });
      }
      let last = o.bookedMs;
      let paidCents = 0;
      for (const part of parts) {
        if (part.cents <= 0) continue;
        const at = this.payInstant(rng, part.day, last);
        if (at >= now) return; // not paid yet
        out.push({ order: i, paidMs: at, amountCents: part.cents });
        paidCents += part.cents;
        last = at;
      }
      // A few claims or price corrections after full payment come back as refunds.
      if (paidCents === o.revenueCents && rng.chance(0.015)) {
        const refund = Math.round(o.revenueCents * rng.range(0.03, 0.2));
        const at = this.payInstant(rng, dayOf(last) + rng.int(5, 40), last);
        if (refund > 0 && at < now) out.push({ order: i, paidMs: at, amountCents: -refund });
      }
    });
    return out;
  }

  /** Stage D: collaboration ratings by operations / customer service. */
  ratings(rep: Rep, orders: OrderGen[]): RatingGen[] {
    const rng = new Rng(this.seed, `D:${rep.index}`);
    const out: RatingGen[] = [];
    orders.forEach((o, i) => {
      if (o.status === "cancelled" || o.bookedMs < this.windowStartMs) return;
      const n = rng.chance(0.5) ? (rng.chance(0.15) ? 2 : 1) : 0;
      let department: RatingGen["department"] = rng.chance(0.6) ? "operations" : "customer_service";
      for (let k = 0; k < n; k++) {
        const ratedMs = o.bookedMs + rng.int(1, 20) * DAY_MS + rng.int(-180, 180) * MINUTE_MS;
        const score = clamp(Math.round(rng.normal(rep.quality, 0.75)), 1, 5);
        if (ratedMs < this.nowMs && ratedMs > o.bookedMs) out.push({ order: i, score, department, ratedMs });
        department = department === "operations" ? "customer_service" : "operations";
      }
    });
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Targets and team goals

  private buildTargets(): void {
    const rng = new Rng(this.seed, "targets");
    const round = (x: number, step: number) => Math.max(step, Math.round(x / step) * step);
    const live = 1 - CANCEL_RATE;
    for (const rep of this.repList) {
      const perOrder = this.expectedRevenuePerOrder(rep);
      const repurchase = rng.pick(["0.8", "0.85", "0.9"]);
      const collab = rng.pick(["4.2", "4.3", "4.5"]);
      const conversion = rng.pick(["0.25", "0.3", "0.35"]);
      const days = rng.pick(["30", "35", "40", "45"]);
      for (let pi = rep.firstPeriod; pi <= rep.lastPeriod; pi++) {
        const p = this.periods[pi]!;
        // Money comes in about a month after booking: collections of P are mostly bookings of P−1.
        const booked = (i: number) => {
          const q = this.periods[i];
          if (q === undefined) return rep.activeFromMs < this.windowStartMs ? this.expectedOrders(rep, p) : 0;
          const from = Math.max(q.startMs, rep.activeFromMs);
          const to = Math.min(q.endMs, rep.activeUntilMs === this.nowMs ? q.endMs : rep.activeUntilMs);
          return to <= from ? 0 : this.expectedOrders(rep, q) * this.workShare(q, from, to);
        };
        const expectedCollected = (0.3 * booked(pi) + 0.5 * booked(pi - 1) + 0.2 * booked(pi - 2)) * live * perOrder;
        const collected = String(round(expectedCollected * rng.range(0.88, 1.1), 10_000));
        const add = (metric: string, value: string) =>
          this.targets.push({ employeeId: rep.employee.id, period: p.key, metric, value });
        if (rep.plan === "veteran") {
          add("collected_revenue", collected);
          add("repurchase_rate", repurchase);
          add("profit_per_shipment", String(round(perOrder * rep.margin * rng.range(0.92, 1.12), 100)));
          add("collaboration_score", collab);
        } else {
          add(
            "new_customers",
            String(Math.max(1, Math.round(rep.leadRate * rep.conversion * 0.75)) + rng.pick([0, 0, 1])),
          );
          add("conversion_rate", conversion);
          add("collected_revenue", collected);
          add("collection_days", days);
        }
      }
    }
    // Team goals: shipments, a little above what the members are expected to book.
    const byTeam = new Map<number, Rep[]>();
    for (const rep of this.repList) byTeam.set(rep.team.id, [...(byTeam.get(rep.team.id) ?? []), rep]);
    for (const team of this.teams) {
      if (team.isBranch) continue;
      const members = byTeam.get(team.id) ?? [];
      this.periods.forEach((p, pi) => {
        let expected = 0;
        for (const rep of members)
          if (pi >= rep.firstPeriod && pi <= rep.lastPeriod) expected += this.expectedOrders(rep, p) * live;
        const value = Math.max(1, Math.round(expected * rng.range(0.95, 1.08)));
        this.teamGoals.push({ teamId: team.id, period: p.key, metric: "shipments", value: String(value) });
      });
    }
  }

  teamBonusTiers(): typeof TEAM_BONUS_TIERS {
    return TEAM_BONUS_TIERS;
  }

  // ---------------------------------------------------------------------------------------------
  // Recruitment: openings, candidates, applications with history, interviews, offers

  private buildRecruitment(): void {
    const rng = new Rng(this.seed, "recruit");
    const now = this.nowMs;
    const salesTeams = this.teams.filter((t) => !t.isBranch);
    const hr = this.hrIds;
    const emails = new EmailBook();
    const nowYear = new Date(dayOf(now) * DAY_MS).getUTCFullYear();

    const nOpenings = Math.max(2, Math.ceil(this.reps / 100));
    for (let i = 0; i < nOpenings; i++) {
      const spec = OPENINGS[i % OPENINGS.length]!;
      const team = salesTeams[(i * 7) % salesTeams.length]!;
      const city = team.name.replace(/销售.*$/, "");
      const kw = (key: string) => {
        const k = KEYWORDS[key]!;
        return { keyword: k.keyword, weight: k.weight, synonyms: [...k.synonyms] };
      };
      this.openings.push({
        id: i + 1,
        externalId: `J-${pad(i + 1, 3)}`,
        title: `${spec.zh}（${city}）/ ${spec.en}, ${city}`,
        teamId: team.id,
        ownerId: hr[i % hr.length]!.id,
        status: i < 2 || rng.chance(0.85) ? "open" : "closed",
        keywordProfile: { required: spec.required.map(kw), preferred: spec.preferred.map(kw) },
        spec,
      });
    }

    const addCandidate = (
      person: PersonName,
      fit: number,
      spec: (typeof OPENINGS)[number],
      city: string,
    ): CandidateRow => {
      const id = this.candidates.length + 1;
      const english = rng.chance(0.3);
      const row: CandidateRow = {
        id,
        externalId: `CA-${pad(id, 5)}`,
        name: english ? person.en : person.zh,
        email: `${emails.take(person.pinyin)}@example.net`,
        phone: `1${rng.pick(["37", "52", "59", "80", "89"])}${pad((id * 6007 + 31_415_926) % 100_000_000, 8)}`,
        resumeText: resume(rng, person, fit, spec, city, english, nowYear),
        source: rng.pick(CANDIDATE_SOURCES),
      };
      this.candidates.push(row);
      return row;
    };

    const addApplication = (
      candidate: CandidateRow,
      opening: OpeningRow,
      path: Array<{ stage: Stage; at: number; by: string; note?: string | null }>,
    ) => {
      const id = this.applications.length + 1;
      const first = path[0]!;
      this.applications.push({
        id,
        externalId: `AP-${pad(id, 5)}`,
        candidateId: candidate.id,
        openingId: opening.id,
        stage: path[path.length - 1]!.stage,
        appliedMs: first.at,
      });
      let from: Stage | null = null;
      for (const step of path) {
        this.stageChanges.push({
          id: this.stageChanges.length + 1,
          applicationId: id,
          from,
          to: step.stage,
          changedMs: step.at,
          changedBy: step.by,
          note: step.note ?? null,
        });
        from = step.stage;
      }
      return id;
    };

    const addInterviews = (
      applicationId: number,
      opening: OpeningRow,
      at: number,
      rounds: number,
      result: (round: number) => string | null,
    ) => {
      const team = this.teams.find((t) => t.id === opening.teamId)!;
      const manager = this.employees.find((e) => e.id === team.managerId);
      const owner = this.employees.find((e) => e.id === opening.ownerId);
      let when = at;
      for (let r = 0; r < rounds; r++) {
        const id = this.interviews.length + 1;
        const scheduledMs =
          dayStart(this.calendar.onOrAfter(dayOf(when) + rng.int(1, 4))) +
          rng.pick([600, 660, 840, 900, 960]) * MINUTE_MS;
        const interviewers =
          r === 0
            ? [owner?.externalId, manager?.externalId]
            : [
                manager?.externalId,
                this.employees.find((e) => e.id === team.parentId)?.externalId ?? manager?.externalId,
              ];
        this.interviews.push({
          id,
          externalId: `IV-${pad(id, 5)}`,
          applicationId,
          scheduledMs,
          interviewers: interviewers.filter((x): x is string => typeof x === "string"),
          result: scheduledMs < now ? result(r) : null,
        });
        when = scheduledMs;
      }
    };

    const addOffer = (
      applicationId: number,
      sentMs: number,
      deadlineDays: number,
      status: OfferRow["status"],
      respondedMs: number | null,
    ) => {
      const id = this.offers.length + 1;
      this.offers.push({
        id,
        externalId: `OF-${pad(id, 5)}`,
        applicationId,
        sentMs,
        deadlineMs: sentMs + deadlineDays * DAY_MS,
        status,
        respondedMs,
      });
    };

    const hrBy = (i: number) => hr[i % hr.length]!.externalId;
    const step = (ms: number, minDays: number, maxDays: number) => {
      const d = this.calendar.onOrAfter(dayOf(ms) + rng.int(minDays, maxDays));
      return dayStart(d) + rng.int(570, 1080) * MINUTE_MS;
    };

    // 1) Recent hires who came through recruitment: onboarded applications ending at the hire date.
    const recentHires = this.repList.filter((r) => r.plan === "new" && r.employee.hiredDay >= dayOf(now) - 75);
    recentHires.forEach((rep, i) => {
      const opening =
        this.openings.find((o) => this.teams.find((t) => t.id === o.teamId)?.branch === rep.branch) ??
        this.openings[i % this.openings.length]!;
      const person: PersonName = {
        zh: rep.employee.name,
        pinyin: rep.employee.email.replace(/\d*@.*$/, ""),
        en: rep.employee.name,
      };
      const candidate = addCandidate(person, 0.8, opening.spec, this.cityOf(opening));
      candidate.name = rep.employee.name;
      const onboarded = dayStart(rep.employee.hiredDay) + 9 * 60 * MINUTE_MS;
      const accepted = onboarded - rng.int(7, 20) * DAY_MS;
      const offered = accepted - rng.int(1, 4) * DAY_MS;
      const interview = offered - rng.int(3, 8) * DAY_MS;
      const screened = interview - rng.int(2, 6) * DAY_MS;
      const applied = screened - rng.int(1, 5) * DAY_MS;
      const by = hrBy(i);
      const appId = addApplication(candidate, opening, [
        { stage: "applied", at: applied, by: "candidate" },
        { stage: "screened", at: screened, by, note: "简历匹配度高 / strong résumé match" },
        { stage: "interview", at: interview, by },
        { stage: "offer", at: offered, by },
        { stage: "accepted", at: accepted, by: "candidate" },
        { stage: "onboarded", at: onboarded, by },
      ]);
      addInterviews(appId, opening, interview - 4 * DAY_MS, 1, () => "pass");
      addOffer(appId, offered, 7, "accepted", accepted);
    });

    // 2) The pipeline of every opening. A few offers are deliberately pending close to their
    //    deadline (within 3 days) and a few are overdue, so the HR nudges have something to show.
    const dueSoon = Math.max(2, Math.ceil(nOpenings / 4));
    const overdue = Math.max(1, Math.ceil(nOpenings / 8));
    let forcedSoon = 0;
    let forcedOverdue = 0;
    // …and some candidates are waiting for an interview in the next few days.
    const upcoming = Math.max(2, Math.ceil(nOpenings / 4));
    let forcedUpcoming = 0;
    for (const opening of this.openings) {
      const n = this.reps < 50 ? rng.int(4, 8) : rng.int(8, 20);
      for (let k = 0; k < n; k++) {
        const fit = rng.next();
        const person = randomName(rng);
        const candidate = addCandidate(person, fit, opening.spec, this.cityOf(opening));
        const by = hrBy(opening.id + k);
        const path: Array<{ stage: Stage; at: number; by: string; note?: string | null }> = [];

        if (forcedSoon < dueSoon || forcedOverdue < overdue) {
          const soon = forcedSoon < dueSoon;
          if (soon) forcedSoon++;
          else forcedOverdue++;
          const deadline = soon ? now + rng.int(6, 66) * 3600_000 : now - rng.int(4, 70) * 3600_000;
          const sent = deadline - 7 * DAY_MS;
          const interview = step(sent - 12 * DAY_MS, 0, 3);
          const screened = interview - rng.int(2, 5) * DAY_MS;
          const applied = screened - rng.int(1, 4) * DAY_MS;
          path.push(
            { stage: "applied", at: applied, by: "candidate" },
            { stage: "screened", at: screened, by },
            { stage: "interview", at: interview, by },
            { stage: "offer", at: sent, by },
          );
          const appId = addApplication(candidate, opening, path);
          addInterviews(appId, opening, interview - 3 * DAY_MS, 2, () => "pass");
          addOffer(appId, sent, 7, "pending", null);
          continue;
        }

        if (k === n - 1 && forcedUpcoming < upcoming) {
          forcedUpcoming++;
          const screened = now - rng.int(3, 8) * DAY_MS;
          const invited = screened + rng.int(1, 2) * DAY_MS;
          path.push(
            { stage: "applied", at: screened - rng.int(1, 5) * DAY_MS, by: "candidate" },
            { stage: "screened", at: screened, by },
            { stage: "interview", at: invited, by, note: "已约面试 / interview scheduled" },
          );
          const appId = addApplication(candidate, opening, path);
          addInterviews(appId, opening, now, rng.chance(0.5) ? 2 : 1, () => null);
          continue;
        }

        const applied = now - rng.int(1, 90) * DAY_MS - rng.int(0, 600) * MINUTE_MS;
        path.push({ stage: "applied", at: applied, by: "candidate" });
        let at = applied;
        const advance = (
          stage: Stage,
          minDays: number,
          maxDays: number,
          who = by,
          note: string | null = null,
        ): boolean => {
          const next = step(at, minDays, maxDays);
          // Not there yet: the step lies in the future, or the process is simply waiting (HR busy,
          // interview not scheduled, candidate thinking it over).
          if (next >= now || (stage !== "rejected" && stage !== "withdrawn" && rng.chance(0.12))) return false;
          at = next;
          path.push({ stage, at, by: who, note });
          return true;
        };
        let offer: { sent: number; status: OfferRow["status"]; responded: number | null } | undefined;
        let interviewAt: number | undefined;
        let interviewRounds = 0;
        let interviewResult: (r: number) => string | null = () => null;
        if (fit < 0.35) {
          if (rng.chance(0.7)) advance("rejected", 1, 5, by, "经验不匹配 / experience does not match");
          else if (rng.chance(0.3)) advance("withdrawn", 2, 10, "candidate", "候选人撤回 / candidate withdrew");
        } else if (advance("screened", 1, 4)) {
          if (fit < 0.55 && rng.chance(0.7)) advance("rejected", 2, 7, by, "面试前筛除 / screened out");
          else if (advance("interview", 2, 6)) {
            interviewAt = at;
            interviewRounds = rng.chance(0.5) ? 2 : 1;
            const outcome = rng.next();
            if (fit < 0.75 && outcome < 0.6) {
              interviewResult = (r) => (r === interviewRounds - 1 ? "fail" : "pass");
              advance("rejected", 4, 10, by, "面试未通过 / did not pass the interview");
            } else if (outcome < 0.1) {
              interviewRounds = 1;
              interviewResult = () => "pass";
              advance("withdrawn", 5, 10, "candidate", "接受了其他 offer / took another offer");
            } else {
              interviewResult = () => "pass";
              if (advance("offer", 5, 12)) {
                const sent = at;
                const decision = rng.next();
                const respondAt = step(sent, 1, 6);
                if (respondAt < now && decision < 0.65) {
                  offer = { sent, status: "accepted", responded: respondAt };
                  at = respondAt;
                  path.push({ stage: "accepted", at, by: "candidate" });
                } else if (respondAt < now && decision < 0.85) {
                  offer = { sent, status: "declined", responded: respondAt };
                  at = respondAt;
                  path.push({
                    stage: "declined",
                    at,
                    by: "candidate",
                    note: "薪资未达预期 / salary below expectation",
                  });
                } else if (sent + 7 * DAY_MS < now) {
                  offer = { sent, status: "expired", responded: null };
                } else offer = { sent, status: "pending", responded: null };
              }
            }
          }
        }
        const appId = addApplication(candidate, opening, path);
        if (interviewAt !== undefined) addInterviews(appId, opening, interviewAt, interviewRounds, interviewResult);
        if (offer) addOffer(appId, offer.sent, 7, offer.status, offer.responded);
      }
    }
  }

  private cityOf(opening: OpeningRow): string {
    return this.teams.find((t) => t.id === opening.teamId)?.name.replace(/销售.*$/, "") ?? "上海";
  }

  // ---------------------------------------------------------------------------------------------
  // Onboarding: the checklist of every salesperson still on the "new" plan

  private buildOnboarding(): void {
    const rng = new Rng(this.seed, "onboarding");
    for (const rep of this.repList) {
      if (rep.plan !== "new" || rep.employee.status === "left") continue;
      const hired = dayStart(rep.employee.hiredDay);
      const diligent = rng.range(0.6, 0.98);
      for (const item of this.onboardingItems) {
        const due = hired + item.dueDays * DAY_MS;
        let completedMs: number | null = null;
        if (rng.chance(due <= this.nowMs ? diligent : diligent * 0.35)) {
          const at = hired + rng.int(0, item.dueDays + 4) * DAY_MS + rng.int(600, 1080) * MINUTE_MS;
          completedMs = at < this.nowMs ? at : null;
        }
        this.onboardingProgress.push({
          id: this.onboardingProgress.length + 1,
          employeeId: rep.employee.id,
          itemId: item.id,
          completedMs,
        });
      }
    }
  }
}

/** Splits `total` into integer parts proportional to `weights` (largest remainder), each ≥ 1 when possible. */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  // Give empty parts one unit from the largest, so every branch has a team.
  for (let i = 0; i < parts.length; i++) {
    if ((parts[i] ?? 0) > 0 || total < parts.length) continue;
    let big = 0;
    parts.forEach((p, j) => {
      if (p > (parts[big] ?? 0)) big = j;
    });
    parts[big] = (parts[big] ?? 0) - 1;
    parts[i] = 1;
  }
  return parts;
}

/** A résumé in Chinese or English whose keyword coverage follows `fit` (0 = poor … 1 = strong). */
function resume(
  rng: Rng,
  person: PersonName,
  fit: number,
  spec: (typeof OPENINGS)[number],
  city: string,
  english: boolean,
  year: number,
): string {
  const years = fit > 0.6 ? rng.int(3, 9) : fit > 0.3 ? rng.int(1, 4) : rng.int(0, 2);
  const wanted: string[] = [...spec.required, ...spec.preferred];
  const others = Object.keys(KEYWORDS).filter((k) => !wanted.includes(k));
  const chosen = wanted.filter((_, i) => rng.chance(i < spec.required.length ? 0.15 + fit * 0.85 : 0.1 + fit * 0.6));
  chosen.push(...others.filter(() => rng.chance(0.15)));
  const fill = (text: string) =>
    text
      .replace("{years}", String(Math.max(1, years)))
      .replace("{clients}", String(rng.int(10, 80)))
      .replace("{rate}", String(rng.int(18, 45)));
  const uni = rng.pick(UNIVERSITIES);
  const major = rng.pick(MAJORS);
  const employer = rng.pick(PREVIOUS_EMPLOYERS);
  const endYear = year - rng.int(0, 2);
  const startYear = endYear - Math.max(1, years);
  const lines = chosen.map((k) => KEYWORDS[k]!);
  if (english) {
    return [
      `${person.en}`,
      `Objective: ${spec.en}, ${city}`,
      "",
      "Experience",
      years === 0
        ? "Fresh graduate; internship in an export trading company."
        : `${startYear}–${endYear}  Sales, ${employer.en}`,
      ...lines.map((k) => `- ${fill(k.en)}`),
      "",
      "Education",
      `${uni.en}, B.A. ${major.en}`,
    ].join("\n");
  }
  return [
    `姓名：${person.zh}`,
    `求职意向：${spec.zh}（${city}）`,
    "",
    "工作经历",
    years === 0
      ? "应届毕业生，曾在外贸公司实习。"
      : `${startYear}.${pad(rng.int(1, 12), 2)}–${endYear}.${pad(rng.int(1, 12), 2)}  ${employer.zh}  销售`,
    ...lines.map((k) => `- ${fill(k.zh)}`),
    "",
    "教育背景",
    `${uni.zh}  ${major.zh}  本科`,
  ].join("\n");
}
