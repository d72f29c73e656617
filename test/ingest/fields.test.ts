// The hand-written timestamp and date parsing of src/kpi/fields.ts reads what luxon's ISO parser
// reads (luxon is the oracle here): the same days exist, the same instants come out.
import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { date, instant } from "../../src/kpi/fields.ts";

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Timestamps near every edge (offsets up to ±14:45): day 0–32, month 0–13, hour 0–25, minute/second 0–61, offsets. */
const timestamp = fc
  .record({
    y: fc.integer({ min: 1969, max: 2100 }),
    mo: fc.integer({ min: 0, max: 13 }),
    d: fc.integer({ min: 0, max: 32 }),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.option(fc.integer({ min: 0, max: 61 })),
    frac: fc.option(fc.stringMatching(/^[0-9]{1,3}$/)),
    zone: fc.oneof(
      fc.constant("Z"),
      fc.record({
        sign: fc.constantFrom("+", "-"),
        hh: fc.integer({ min: 0, max: 14 }),
        mm: fc.constantFrom(0, 30, 45),
      }),
    ),
  })
  .map(({ y, mo, d, h, mi, s, frac, zone }) => {
    const seconds = s === null ? "" : `:${pad(s)}${frac === null ? "" : `.${frac}`}`;
    const offset = zone === "Z" ? "Z" : `${zone.sign}${pad(zone.hh)}:${pad(zone.mm)}`;
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}${seconds}${offset}`;
  });

describe("instant", () => {
  it("accepts exactly the timestamps luxon reads as valid (in the years kept), at the same instant", () => {
    fc.assert(
      fc.property(timestamp, (v) => {
        const oracle = DateTime.fromISO(v, { setZone: true });
        // Offsets beyond ±14:00 are refused by our own rule, whatever luxon makes of them.
        const kept =
          oracle.isValid &&
          Math.abs(oracle.offset) <= 14 * 60 &&
          Number(v.slice(0, 4)) >= 1970 &&
          Number(v.slice(0, 4)) <= 2099 &&
          oracle.toUTC().year >= 1970 &&
          oracle.toUTC().year <= 2099;
        const ours = instant.safeParse(v);
        expect(ours.success).toBe(kept);
        if (ours.success) expect(ours.data.getTime()).toBe(oracle.toMillis());
      }),
      { seed: 4242, numRuns: 3000 },
    );
  });

  it("reads the edges as luxon does: 24:00 is the next midnight, 29 February only in leap years", () => {
    for (const v of [
      "2026-12-31T24:00Z",
      "2026-10-05T24:00:00.001Z",
      "2028-02-29T10:00:00+08:00",
      "2026-02-29T10:00:00+08:00",
      "2026-04-31T10:00:00Z",
      "2026-10-05T23:59:60Z",
      "2026-10-05T10:00+0800",
      "2026-10-05T10:00:00.5-03:30",
    ]) {
      const oracle = DateTime.fromISO(v, { setZone: true });
      const ours = instant.safeParse(v);
      expect(ours.success, v).toBe(oracle.isValid);
      if (ours.success) expect(ours.data.toISOString(), v).toBe(oracle.toUTC().toISO());
    }
  });
});

describe("date", () => {
  it("accepts exactly the calendar days luxon accepts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2099 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, mo, d) => {
          const v = `${pad(y, 4)}-${pad(mo)}-${pad(d)}`;
          expect(date.safeParse(v).success).toBe(DateTime.fromISO(v).isValid);
        },
      ),
      { seed: 4243, numRuns: 3000 },
    );
  });
});
