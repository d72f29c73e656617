// The demo world as COPY text, table by table, in foreign-key order. Each table yields chunks of
// complete lines (PostgreSQL COPY text format); the big per-rep tables are produced one rep at a
// time, so memory stays flat however many reps there are. The same world always yields the same
// bytes — the determinism test hashes exactly what the loader sends.
import { dateString, isoString } from "./time.ts";
import type { CustomerGen, DemoWorld, LeadGen, OrderGen, PaymentGen, RatingGen, Rep } from "./world.ts";

export interface TableSpec {
  /** Table name in Postgres. */
  table: string;
  columns: string[];
  /** Chunks of COPY text lines (each chunk ends with a newline). */
  chunks(): Iterable<string>;
}

const NULL = "\\N";

/** Escapes a value for COPY text format (backslash, tab, newline, carriage return). */
export function copyText(value: string): string {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (ch) =>
    ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r",
  );
}

const text = (v: string | null | undefined) => (v === null || v === undefined ? NULL : copyText(v));
const int = (v: number | null | undefined) => (v === null || v === undefined ? NULL : String(v));
const ts = (ms: number | null | undefined) => (ms === null || ms === undefined ? NULL : isoString(ms));
const date = (day: number | null | undefined) => (day === null || day === undefined ? NULL : dateString(day));
const json = (v: unknown) => copyText(JSON.stringify(v));
/** Text-array literal; our elements are plain ids, quoted anyway. */
const textArray = (items: string[]) =>
  copyText(`{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`);

/** Integer cents as an exact decimal string: 123456 → "1234.56", -5 → "-0.05". */
export function money(cents: number): string {
  const abs = Math.abs(cents);
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return cents < 0 ? `-${s}` : s;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");
const row = (...cells: string[]) => `${cells.join("\t")}\n`;

function* once(build: () => string): Iterable<string> {
  const s = build();
  if (s.length > 0) yield s;
}

function lines<T>(items: readonly T[], format: (item: T) => string): () => Iterable<string> {
  return () =>
    once(() => {
      let s = "";
      for (const item of items) s += format(item);
      return s;
    });
}

interface RepData {
  rep: Rep;
  customers: CustomerGen[];
  leads: LeadGen[];
  orders: OrderGen[];
  payments: PaymentGen[];
  ratings: RatingGen[];
  /** Ids before this rep's first row of each kind (ids are 1-based and dense). */
  customerBase: number;
  orderBase: number;
  paymentBase: number;
  ratingBase: number;
  leadBase: number;
}

/** Walks the reps in order, building only the stages a table needs and tracking the id bases. */
function* walkReps(
  world: DemoWorld,
  need: { orders?: boolean; payments?: boolean; ratings?: boolean },
): Generator<RepData> {
  let customerBase = 0;
  let orderBase = 0;
  let paymentBase = 0;
  let ratingBase = 0;
  let leadBase = 0;
  for (const rep of world.repList) {
    const { customers, leads } = world.customersAndLeads(rep);
    const orders = need.orders || need.payments || need.ratings ? world.orders(rep, customers) : [];
    const payments = need.payments ? world.payments(rep, customers, orders) : [];
    const ratings = need.ratings ? world.ratings(rep, orders) : [];
    yield {
      rep,
      customers,
      leads,
      orders,
      payments,
      ratings,
      customerBase,
      orderBase,
      paymentBase,
      ratingBase,
      leadBase,
    };
    customerBase += customers.length;
    orderBase += orders.length;
    paymentBase += payments.length;
    ratingBase += ratings.length;
    leadBase += leads.length;
  }
}

export function demoTables(world: DemoWorld): TableSpec[] {
  const org = world.organization;
  return [
    {
      table: "organization",
      columns: ["id", "name", "timezone", "currency", "default_locale", "calendar_source"],
      chunks: () => [row("1", text(org.name), org.timezone, org.currency, org.defaultLocale, org.calendarSource)],
    },
    {
      table: "kpi_plans",
      columns: ["id", "key", "name", "cap", "floor"],
      chunks: lines(world.plans, (p) => row(int(p.id), p.key, text(p.name), p.cap, p.floor)),
    },
    {
      table: "kpi_plan_items",
      columns: ["id", "plan_id", "position", "metric", "weight"],
      chunks: lines(world.planItems, (i) => row(int(i.id), int(i.planId), int(i.position), i.metric, i.weight)),
    },
    {
      table: "training_courses",
      columns: ["id", "external_id", "title_zh", "title_en", "url"],
      chunks: lines(world.courses, (c) => row(int(c.id), c.externalId, text(c.zh), text(c.en), text(c.url))),
    },
    {
      table: "metric_courses",
      columns: ["metric", "course_id"],
      chunks: lines(world.metricCourses, (m) => row(m.metric, int(m.courseId))),
    },
    {
      table: "development_courses",
      columns: ["metric", "course_id"],
      chunks: lines(world.developmentCourses, (m) => row(m.metric, int(m.courseId))),
    },
    {
      // Managers are employees, which reference teams: teams go in first without their manager,
      // and the loader sets manager_id once the employees exist (see `teamManagers`).
      table: "teams",
      columns: ["id", "external_id", "name", "manager_id", "parent_id"],
      chunks: lines(world.teams, (t) => row(int(t.id), t.externalId, text(t.name), NULL, int(t.parentId))),
    },
    {
      table: "employees",
      columns: [
        "id",
        "external_id",
        "name",
        "email",
        "mobile",
        "role",
        "level",
        "plan_id",
        "team_id",
        "hired_at",
        "probation_ends_at",
        "status",
        "left_at",
        "locale",
      ],
      chunks: lines(world.employees, (e) =>
        row(
          int(e.id),
          e.externalId,
          text(e.name),
          text(e.email),
          text(e.mobile),
          e.role,
          text(e.level),
          int(e.planId),
          int(e.teamId),
          date(e.hiredDay),
          date(e.probationEndDay),
          e.status,
          date(e.leftDay ?? null),
          text(e.locale),
        ),
      ),
    },
    {
      table: "customers",
      columns: ["id", "external_id", "name", "owner_id"],
      *chunks() {
        for (const d of walkReps(world, {})) {
          let s = "";
          const owner = String(d.rep.employee.id);
          d.customers.forEach((c, i) => {
            const id = d.customerBase + i + 1;
            s += row(String(id), `C-${pad(id, 6)}`, copyText(c.name), owner);
          });
          if (s) yield s;
        }
      },
    },
    {
      table: "orders",
      // With the roll-ups of their payments and ratings (the loader holds back the triggers that
      // keep them, which would otherwise re-read a million orders' payments).
      columns: [
        "id",
        "external_id",
        "customer_id",
        "owner_id",
        "booked_at",
        "revenue",
        "cost",
        "status",
        "due_date",
        "paid_total",
        "last_paid_at",
        "last_rated_at",
        "full_paid_at",
      ],
      *chunks() {
        for (const d of walkReps(world, { orders: true, payments: true, ratings: true })) {
          let s = "";
          const owner = String(d.rep.employee.id);
          const paidCents = new Array<number>(d.orders.length).fill(0);
          const lastPaid = new Array<number | null>(d.orders.length).fill(null);
          const lastRated = new Array<number | null>(d.orders.length).fill(null);
          for (const p of d.payments) {
            paidCents[p.order]! += p.amountCents;
            lastPaid[p.order] = Math.max(lastPaid[p.order] ?? p.paidMs, p.paidMs);
          }
          for (const r of d.ratings) lastRated[r.order] = Math.max(lastRated[r.order] ?? r.ratedMs, r.ratedMs);
          // Paid in full: the first payment, by paid_at then external id, whose running sum reaches the revenue.
          const byOrder = new Map<number, { ms: number; ext: string; cents: number }[]>();
          d.payments.forEach((p, i) => {
            const list = byOrder.get(p.order) ?? [];
            list.push({ ms: p.paidMs, ext: `P-${pad(d.paymentBase + i + 1, 7)}`, cents: p.amountCents });
            byOrder.set(p.order, list);
          });
          const fullPaid = d.orders.map((o, i) => {
            let run = 0;
            const list = (byOrder.get(i) ?? []).sort(
              (a, b) => a.ms - b.ms || (a.ext < b.ext ? -1 : a.ext > b.ext ? 1 : 0),
            );
            for (const p of list) {
              run += p.cents;
              if (run >= o.revenueCents) return p.ms;
            }
            return null;
          });
          d.orders.forEach((o, i) => {
            const id = d.orderBase + i + 1;
            s += row(
              String(id),
              `O-${pad(id, 7)}`,
              String(d.customerBase + o.customer + 1),
              owner,
              isoString(o.bookedMs),
              money(o.revenueCents),
              money(o.costCents),
              o.status,
              date(o.dueDay),
              money(paidCents[i]!),
              ts(lastPaid[i]),
              ts(lastRated[i]),
              ts(fullPaid[i] ?? null),
            );
          });
          if (s) yield s;
        }
      },
    },
    {
      table: "payments",
      columns: ["id", "external_id", "order_id", "paid_at", "amount"],
      *chunks() {
        for (const d of walkReps(world, { payments: true })) {
          let s = "";
          d.payments.forEach((p, i) => {
            const id = d.paymentBase + i + 1;
            s += row(
              String(id),
              `P-${pad(id, 7)}`,
              String(d.orderBase + p.order + 1),
              isoString(p.paidMs),
              money(p.amountCents),
            );
          });
          if (s) yield s;
        }
      },
    },
    {
      table: "ratings",
      columns: ["id", "external_id", "order_id", "score", "rater_department", "rated_at"],
      *chunks() {
        for (const d of walkReps(world, { ratings: true })) {
          let s = "";
          d.ratings.forEach((r, i) => {
            const id = d.ratingBase + i + 1;
            s += row(
              String(id),
              `R-${pad(id, 7)}`,
              String(d.orderBase + r.order + 1),
              String(r.score),
              r.department,
              isoString(r.ratedMs),
            );
          });
          if (s) yield s;
        }
      },
    },
    {
      table: "leads",
      columns: ["id", "external_id", "owner_id", "created_at", "status", "closed_at"],
      *chunks() {
        for (const d of walkReps(world, {})) {
          let s = "";
          const owner = String(d.rep.employee.id);
          d.leads.forEach((l, i) => {
            const id = d.leadBase + i + 1;
            s += row(String(id), `L-${pad(id, 7)}`, owner, isoString(l.createdMs), l.status, ts(l.closedMs));
          });
          if (s) yield s;
        }
      },
    },
    {
      table: "targets",
      columns: ["id", "employee_id", "period", "metric", "value"],
      *chunks() {
        const size = 20_000;
        for (let start = 0; start < world.targets.length; start += size) {
          let s = "";
          const end = Math.min(world.targets.length, start + size);
          for (let i = start; i < end; i++) {
            const t = world.targets[i]!;
            s += row(String(i + 1), String(t.employeeId), t.period, t.metric, t.value);
          }
          yield s;
        }
      },
    },
    {
      table: "team_goals",
      columns: ["id", "team_id", "period", "metric", "value", "bonus_tiers"],
      chunks: () =>
        once(() => {
          const tiers = json(world.teamBonusTiers());
          let s = "";
          world.teamGoals.forEach(
            (g, i) => (s += row(String(i + 1), String(g.teamId), g.period, g.metric, g.value, tiers)),
          );
          return s;
        }),
    },
    {
      table: "job_openings",
      columns: ["id", "external_id", "title", "team_id", "owner_id", "status", "keyword_profile"],
      chunks: lines(world.openings, (o) =>
        row(int(o.id), o.externalId, text(o.title), int(o.teamId), int(o.ownerId), o.status, json(o.keywordProfile)),
      ),
    },
    {
      table: "candidates",
      columns: ["id", "external_id", "name", "email", "phone", "resume_text", "source"],
      chunks: lines(world.candidates, (c) =>
        row(int(c.id), c.externalId, text(c.name), text(c.email), text(c.phone), text(c.resumeText), text(c.source)),
      ),
    },
    {
      table: "applications",
      columns: ["id", "external_id", "candidate_id", "opening_id", "stage", "applied_at"],
      chunks: lines(world.applications, (a) =>
        row(int(a.id), a.externalId, int(a.candidateId), int(a.openingId), a.stage, ts(a.appliedMs)),
      ),
    },
    {
      table: "application_stage_changes",
      columns: ["id", "application_id", "from_stage", "to_stage", "changed_at", "changed_by", "note"],
      chunks: lines(world.stageChanges, (c) =>
        row(int(c.id), int(c.applicationId), text(c.from), c.to, ts(c.changedMs), text(c.changedBy), text(c.note)),
      ),
    },
    {
      table: "interviews",
      columns: ["id", "external_id", "application_id", "scheduled_at", "interviewers", "result"],
      chunks: lines(world.interviews, (v) =>
        row(
          int(v.id),
          v.externalId,
          int(v.applicationId),
          ts(v.scheduledMs),
          textArray(v.interviewers),
          text(v.result),
        ),
      ),
    },
    {
      table: "offers",
      columns: ["id", "external_id", "application_id", "sent_at", "deadline_at", "status", "responded_at"],
      chunks: lines(world.offers, (o) =>
        row(int(o.id), o.externalId, int(o.applicationId), ts(o.sentMs), ts(o.deadlineMs), o.status, ts(o.respondedMs)),
      ),
    },
    {
      table: "onboarding_templates",
      columns: ["id", "key", "role", "name"],
      chunks: () => {
        const t = world.onboardingTemplate;
        return [row(int(t.id), t.key, t.role, text(t.name))];
      },
    },
    {
      table: "onboarding_template_items",
      columns: ["id", "template_id", "key", "title", "kind", "course_id", "due_days"],
      chunks: lines(world.onboardingItems, (i) =>
        row(int(i.id), int(i.templateId), i.key, text(i.title), i.kind, int(i.courseId), int(i.dueDays)),
      ),
    },
    {
      table: "onboarding_progress",
      columns: ["id", "employee_id", "item_id", "completed_at"],
      chunks: lines(world.onboardingProgress, (p) =>
        row(int(p.id), int(p.employeeId), int(p.itemId), ts(p.completedMs)),
      ),
    },
  ];
}

/** (team id, manager employee id) pairs, applied after the employees are in. */
export function teamManagers(world: DemoWorld): Array<[number, number]> {
  return world.teams.filter((t) => t.managerId !== null).map((t) => [t.id, t.managerId as number]);
}
