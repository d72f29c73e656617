// The demo generator: deterministic per seed (byte for byte, without Math.random or the clock),
// and realistic enough to exercise every KPI, HR nudge and onboarding feature.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DemoWorld, apportion, type DemoOptions } from "../../src/demo/world.ts";
import { copyText, demoTables, money } from "../../src/demo/tables.ts";
import { Rng } from "../../src/demo/random.ts";

const NOW = new Date("2026-10-20T09:30:00+08:00");

function digests(options: DemoOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of demoTables(new DemoWorld(options))) {
    const h = createHash("sha256");
    for (const chunk of spec.chunks()) h.update(chunk);
    out[spec.table] = h.digest("hex");
  }
  return out;
}

/** All COPY rows of a table, split into cells (COPY text escapes are left as they are). */
function rows(world: DemoWorld, table: string): string[][] {
  const spec = demoTables(world).find((t) => t.table === table);
  if (!spec) throw new Error(`no table ${table}`);
  const out: string[][] = [];
  for (const chunk of spec.chunks()) for (const line of chunk.split("\n")) if (line !== "") out.push(line.split("\t"));
  return out;
}

const col = (world: DemoWorld, table: string, name: string) => {
  const i = demoTables(world)
    .find((t) => t.table === table)!
    .columns.indexOf(name);
  expect(i).toBeGreaterThanOrEqual(0);
  return i;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("determinism", () => {
  it("the same seed gives byte-identical tables, without Math.random or the clock", () => {
    const random = vi.spyOn(Math, "random").mockImplementation(() => {
      throw new Error("Math.random used");
    });
    const clock = vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("Date.now used");
    });
    const a = digests({ reps: 12, months: 3, seed: "alpha", now: NOW });
    const b = digests({ reps: 12, months: 3, seed: "alpha", now: NOW });
    expect(random).not.toHaveBeenCalled();
    expect(clock).not.toHaveBeenCalled();
    expect(Object.keys(a)).toContain("orders");
    expect(b).toEqual(a);
  });

  it("a different seed gives different data in every generated table", () => {
    const a = digests({ reps: 12, months: 3, seed: "alpha", now: NOW });
    const b = digests({ reps: 12, months: 3, seed: "beta", now: NOW });
    for (const table of [
      "employees",
      "customers",
      "orders",
      "payments",
      "leads",
      "ratings",
      "targets",
      "candidates",
      "offers",
    ])
      expect(b[table], table).not.toEqual(a[table]);
    // The fixed reference data does not depend on the seed.
    expect(b.kpi_plans).toEqual(a.kpi_plans);
    expect(b.training_courses).toEqual(a.training_courses);
  });

  it("a numeric seed and its string form are the same seed", () => {
    expect(digests({ reps: 3, months: 1, seed: 7, now: NOW })).toEqual(
      digests({ reps: 3, months: 1, seed: "7", now: NOW }),
    );
  });

  it("the PRNG streams are reproducible and independent", () => {
    const seq = (r: Rng) => Array.from({ length: 5 }, () => r.next());
    expect(seq(new Rng("s", "a"))).toEqual(seq(new Rng("s", "a")));
    expect(seq(new Rng("s", "a"))).not.toEqual(seq(new Rng("s", "b")));
    const r = new Rng("s", "range");
    for (let i = 0; i < 1000; i++) {
      const x = r.int(3, 5);
      expect(x >= 3 && x <= 5 && Number.isInteger(x)).toBe(true);
    }
  });
});

describe("the generated world", () => {
  const world = new DemoWorld({ reps: 240, months: 12, seed: "realism", now: NOW });

  it("has branches with sales teams of about ten, each with a manager", () => {
    const teams = rows(world, "teams");
    const branches = world.teams.filter((t) => t.isBranch);
    const sales = world.teams.filter((t) => !t.isBranch);
    expect(teams).toHaveLength(world.teams.length);
    expect(branches.map((b) => b.name)).toEqual(expect.arrayContaining(["华东大区", "华南大区", "华北大区"]));
    expect(sales).toHaveLength(24);
    for (const team of sales) {
      expect(branches.map((b) => b.id)).toContain(team.parentId);
      expect(team.managerId).not.toBeNull();
      const size = world.repList.filter((r) => r.team.id === team.id).length;
      expect(size).toBeGreaterThanOrEqual(8);
      expect(size).toBeLessThanOrEqual(12);
    }
    expect(world.repList).toHaveLength(240);
  });

  it("has people with Chinese names, unique emails and mobiles, and every role and status", () => {
    const emails = world.employees.map((e) => e.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(new Set(world.employees.map((e) => e.mobile)).size).toBe(emails.length);
    for (const e of world.employees) {
      expect(e.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(e.email).toMatch(/^[a-z]+\d*@example\.com$/);
    }
    const roles = new Set(world.employees.map((e) => e.role));
    expect([...roles].sort()).toEqual(["admin", "hr", "manager", "sales"]);
    const reps = world.employees.filter((e) => e.role === "sales");
    expect(new Set(reps.map((e) => e.status))).toEqual(new Set(["active", "on_leave", "left"]));
    expect(new Set(reps.map((e) => e.level))).toEqual(new Set(["veteran", "new"]));
    // New hires joined within the last six months and are still on probation or just past it.
    for (const e of reps.filter((r) => r.level === "new")) {
      expect(e.hiredDay).toBeGreaterThan(Math.floor(NOW.getTime() / 86_400_000) - 200);
      expect(e.probationEndDay!).toBeGreaterThan(e.hiredDay);
    }
  });

  it("has freight orders with realistic amounts, ~8% cancelled, due dates, none in the future", () => {
    const orders = rows(world, "orders");
    const status = col(world, "orders", "status");
    const revenue = col(world, "orders", "revenue");
    const cost = col(world, "orders", "cost");
    const booked = col(world, "orders", "booked_at");
    const due = col(world, "orders", "due_date");
    const cancelled = orders.filter((o) => o[status] === "cancelled").length / orders.length;
    expect(cancelled).toBeGreaterThan(0.05);
    expect(cancelled).toBeLessThan(0.11);
    expect(new Set(orders.map((o) => o[status]))).toEqual(new Set(["booked", "in_transit", "completed", "cancelled"]));
    let sum = 0;
    const bad: string[][] = [];
    for (const o of orders) {
      if (
        !/^\d+\.\d{2}$/.test(o[revenue]!) ||
        !/^\d+\.\d{2}$/.test(o[cost]!) ||
        !(Date.parse(o[booked]!) < NOW.getTime())
      )
        bad.push(o);
      sum += Number(o[revenue]);
    }
    expect(bad).toEqual([]);
    const mean = sum / orders.length;
    expect(mean).toBeGreaterThan(10_000);
    expect(mean).toBeLessThan(60_000);
    // Due dates: most are 30 days after booking (local dates), a few have none.
    const thirty = orders.filter(
      (o) => o[due] !== "\\N" && (Date.parse(o[due]!) - Date.parse(o[booked]!.slice(0, 10))) / 86_400_000 <= 31,
    ).length;
    expect(thirty / orders.length).toBeGreaterThan(0.5);
    expect(orders.some((o) => o[due] === "\\N")).toBe(true);
  });

  it("has partial, full, late and missing payments and some refunds", () => {
    const orders = rows(world, "orders");
    const payments = rows(world, "payments");
    const paidByOrder = new Map<string, number>();
    const order = col(world, "payments", "order_id");
    const amount = col(world, "payments", "amount");
    const paidAt = col(world, "payments", "paid_at");
    let refunds = 0;
    const bad: string[][] = [];
    for (const p of payments) {
      const cents = Math.round(Number(p[amount]) * 100);
      if (cents < 0) refunds++;
      if (cents === 0 || !(Date.parse(p[paidAt]!) < NOW.getTime())) bad.push(p);
      paidByOrder.set(p[order]!, (paidByOrder.get(p[order]!) ?? 0) + cents);
    }
    expect(bad).toEqual([]);
    expect(refunds).toBeGreaterThan(10);
    let unpaid = 0;
    let partial = 0;
    let full = 0;
    const revenue = col(world, "orders", "revenue");
    const status = col(world, "orders", "status");
    for (const o of orders) {
      if (o[status] === "cancelled") continue;
      const paid = paidByOrder.get(o[0]!) ?? 0;
      const due = Math.round(Number(o[revenue]) * 100);
      if (paid === 0) unpaid++;
      else if (paid < due) partial++;
      else full++;
      if (paid > due) bad.push(o);
    }
    expect(bad).toEqual([]);
    expect(unpaid).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);
    expect(full / orders.length).toBeGreaterThan(0.6);
  });

  it("has leads in every status, and ratings 1–5 from operations and customer service", () => {
    const leads = rows(world, "leads");
    const st = col(world, "leads", "status");
    const closed = col(world, "leads", "closed_at");
    expect(new Set(leads.map((l) => l[st]))).toEqual(new Set(["open", "converted", "lost"]));
    expect(leads.filter((l) => (l[closed] === "\\N") !== (l[st] === "open"))).toEqual([]);
    const ratings = rows(world, "ratings");
    const dep = col(world, "ratings", "rater_department");
    const score = col(world, "ratings", "score");
    expect(new Set(ratings.map((r) => r[dep]))).toEqual(new Set(["operations", "customer_service"]));
    expect(ratings.filter((r) => !["1", "2", "3", "4", "5"].includes(r[score]!))).toEqual([]);
  });

  it("gives every rep a target for every plan metric in every month they worked", () => {
    const byKey = new Set(world.targets.map((t) => `${t.employeeId}|${t.period}|${t.metric}`));
    expect(byKey.size).toBe(world.targets.length);
    for (const rep of world.repList) {
      const plan = world.plans.find((p) => p.key === rep.plan)!;
      for (let i = rep.firstPeriod; i <= rep.lastPeriod; i++)
        for (const item of plan.items)
          expect(byKey.has(`${rep.employee.id}|${world.periods[i]!.key}|${item.metric}`)).toBe(true);
      // Reps hired before the window who are still here have targets for all 12 months.
      if (rep.employee.status !== "left" && rep.activeFromMs < world.windowStartMs) {
        expect(rep.firstPeriod).toBe(0);
        expect(rep.lastPeriod).toBe(11);
      }
    }
    for (const t of world.targets) expect(Number(t.value)).toBeGreaterThan(0);
    const goals = rows(world, "team_goals");
    expect(goals).toHaveLength(24 * 12);
    expect(goals[0]![5]).toBe(
      copyText(
        JSON.stringify([
          { minCompletion: 1, points: 5 },
          { minCompletion: 1.2, points: 10 },
        ]),
      ),
    );
  });

  it("has openings with zh/en keyword profiles, zh and en résumés, and offers due soon and overdue", () => {
    for (const o of world.openings) {
      const profile = o.keywordProfile as {
        required: Array<{ keyword: string; weight: number; synonyms: string[] }>;
        preferred: unknown[];
      };
      expect(profile.required.length).toBeGreaterThan(0);
      expect(profile.preferred.length).toBeGreaterThan(0);
      for (const k of profile.required) {
        expect(k.weight).toBeGreaterThan(0);
        expect(k.synonyms.some((s) => /[a-z]/i.test(s))).toBe(true);
      }
    }
    const allKeywords = world.openings.flatMap(
      (o) => (o.keywordProfile as { required: Array<{ keyword: string; synonyms: string[] }> }).required,
    );
    expect(allKeywords.find((k) => k.keyword === "货代销售经验")?.synonyms).toContain("freight forwarding sales");
    expect(world.candidates.some((c) => c.resumeText.includes("工作经历"))).toBe(true);
    expect(world.candidates.some((c) => c.resumeText.includes("Experience"))).toBe(true);
    const stages = new Set(world.applications.map((a) => a.stage));
    for (const s of ["applied", "screened", "interview", "offer", "accepted", "onboarded", "rejected"])
      expect(stages, s).toContain(s);
    for (const a of world.applications) {
      const history = world.stageChanges.filter((c) => c.applicationId === a.id);
      expect(history[0]?.from).toBeNull();
      expect(history[history.length - 1]?.to).toBe(a.stage);
      for (let i = 1; i < history.length; i++)
        expect(history[i]!.changedMs).toBeGreaterThanOrEqual(history[i - 1]!.changedMs);
    }
    const now = NOW.getTime();
    const pending = world.offers.filter((o) => o.status === "pending");
    expect(pending.some((o) => o.deadlineMs > now && o.deadlineMs <= now + 3 * 86_400_000)).toBe(true);
    expect(pending.some((o) => o.deadlineMs < now)).toBe(true);
    for (const o of world.offers) expect(o.deadlineMs).toBeGreaterThan(o.sentMs);
    // Interviews: past ones have a result, upcoming ones (some this week) do not yet.
    expect(world.interviews.filter((v) => v.scheduledMs < now !== (v.result !== null))).toEqual([]);
    expect(world.interviews.some((v) => v.scheduledMs > now && v.scheduledMs < now + 7 * 86_400_000)).toBe(true);
  });

  it("walks recent hires through recruitment into onboarding", () => {
    const onboarded = world.applications.filter((a) => a.stage === "onboarded");
    expect(onboarded.length).toBeGreaterThan(0);
    const names = new Set(world.employees.filter((e) => e.level === "new").map((e) => e.name));
    for (const a of onboarded) expect(names).toContain(world.candidates[a.candidateId - 1]!.name);
    const progress = world.onboardingProgress;
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((p) => p.completedMs === null)).toBe(true);
    expect(progress.some((p) => p.completedMs !== null)).toBe(true);
  });
});

describe("helpers", () => {
  it("formats cents exactly", () => {
    expect(money(123456)).toBe("1234.56");
    expect(money(5)).toBe("0.05");
    expect(money(-1230)).toBe("-12.30");
    expect(money(0)).toBe("0.00");
  });

  it("escapes COPY text", () => {
    expect(copyText("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
    expect(copyText("上海")).toBe("上海");
  });

  it("apportions by weight, giving every part at least one", () => {
    expect(apportion(10, [1, 1])).toEqual([5, 5]);
    expect(apportion(7, [35, 30, 18, 10, 7])).toEqual([2, 2, 1, 1, 1]);
    expect(apportion(5, [35, 30, 18, 10, 7])).toEqual([1, 1, 1, 1, 1]);
    expect(apportion(200, [35, 30, 18, 10, 7])).toEqual([70, 60, 36, 20, 14]);
  });

  it("refuses nonsense sizes", () => {
    expect(() => new DemoWorld({ reps: 0, months: 3, seed: 1, now: NOW })).toThrow(/reps/);
    expect(() => new DemoWorld({ reps: 3, months: 0, seed: 1, now: NOW })).toThrow(/months/);
    expect(() => new DemoWorld({ reps: 3, months: 3, seed: 1, now: new Date("x") })).toThrow(/now/);
  });
});
