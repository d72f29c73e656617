// Stalled-pipeline alerts for HR and the hiring manager (src/recruit/stalled.ts has the rules):
// what is due at a given business clock, and recording what went out so each candidate at an
// opening is alerted once per cause — whether the HR digest or a timed nudge includes it first.
import { z } from "zod";
import type { Sql } from "../db/client.ts";
import { localDate, type LocalDate } from "../kpi/period.ts";
import { RecruitError } from "../recruit/errors.ts";
import { recipientKey } from "../recruit/offers.ts";
import {
  isPassedResult,
  parseStalledSettings,
  STALLED_SETTINGS,
  stalledItems,
  type StalledItem,
  type StalledSettings,
} from "../recruit/stalled.ts";
import { loadWorkingCalendar } from "../store/calendar.ts";
import { loadOrganization } from "../store/kpi-inputs.ts";
import { loadHrStaff, loadSettingValues } from "../store/recruit-sql.ts";
import { loadSentStalledKeys, loadStallCandidates, recordStalledAlerts } from "../store/stalled.ts";

const instant = z.date().refine((d) => !Number.isNaN(d.getTime()), "must be a valid instant");

export interface StalledRecipient {
  employeeExternalId: string;
  name: string;
  role: "hr" | "hiring_manager";
  /** The item's key + ":" + this recipient: claim one delivery per person with it. */
  idempotencyKey: string;
}

export interface StalledAlert extends StalledItem {
  recipients: StalledRecipient[];
}

export interface StalledAlerts {
  date: LocalDate;
  timezone: string;
  generatedAt: Date;
  settings: StalledSettings;
  items: StalledAlert[];
}

function checkedNow(now: unknown): Date {
  const r = instant.safeParse(now);
  if (!r.success) throw new RecruitError("input.invalid", { detail: "now: must be a valid instant" });
  return r.data;
}

/** The stalled settings stored with `pacer config` (defaults where unset). */
export async function loadStalledSettings(sql: Sql): Promise<StalledSettings> {
  return parseStalledSettings(await loadSettingValues(sql, Object.keys(STALLED_SETTINGS)));
}

/**
 * The alerts due at `now` that have not been sent yet, each with its recipients (active HR staff
 * and the opening's hiring manager). Reads only: calling it twice gives the same answer.
 */
export async function dueStalledAlerts(sql: Sql, options: { now: Date; claimant?: string }): Promise<StalledAlerts> {
  const now = checkedNow(options.now);
  const [org, settings, rows, sent, hr] = await Promise.all([
    loadOrganization(sql),
    loadStalledSettings(sql),
    loadStallCandidates(sql, isPassedResult),
    loadSentStalledKeys(sql, options.claimant ?? null),
    loadHrStaff(sql),
  ]);
  const calendar = await loadWorkingCalendar(sql, org.calendarSource);
  const items = stalledItems(rows, { calendar, now, timezone: org.timezone, settings, alreadySent: sent });
  return {
    date: localDate(now, org.timezone),
    timezone: org.timezone,
    generatedAt: now,
    settings,
    items: items.map((item) => {
      const recipients: StalledRecipient[] = hr.map((p) => ({
        employeeExternalId: p.externalId,
        name: p.name,
        role: "hr",
        idempotencyKey: recipientKey(item.key, p.externalId),
      }));
      const hm = item.hiringManager;
      if (hm && !recipients.some((r) => r.employeeExternalId === hm.externalId))
        recipients.push({
          employeeExternalId: hm.externalId,
          name: hm.name,
          role: "hiring_manager",
          idempotencyKey: recipientKey(item.key, hm.externalId),
        });
      return { ...item, recipients };
    }),
  };
}

/**
 * The alerts due at `now`, recorded as sent in the same call: only the items this call recorded
 * are returned, so of two senders (the digest and a timed nudge) exactly one includes each item.
 * Callers send what this returns; an alert is never offered again once claimed — except to the
 * same `claimant` (a job's run id), so a run retried after dying before its sends still sends them
 * (the deliveries' keys keep each recipient's message to one).
 */
export async function claimStalledAlerts(sql: Sql, options: { now: Date; claimant?: string }): Promise<StalledAlerts> {
  const due = await dueStalledAlerts(sql, options);
  const recorded = await recordStalledAlerts(sql, due.items, due.generatedAt, options.claimant ?? null);
  return { ...due, items: due.items.filter((i) => recorded.has(i.key)) };
}
