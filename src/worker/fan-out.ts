// A run (the parent job of a fan-out), as steps that survive a crash at any point:
//   start    the job's handler selects the recipients; one child delivery job each is added to its
//            platform's queue with a deterministic id (`<run id>.<recipient>`), so a parent that
//            restarts this step re-adds nothing — then the parent waits for its children;
//   deliver  all children finished (sent, skipped, or failed after their last attempt): anything
//            the admins must hear about — failures, people not linked (each person once), the
//            handler's notes — becomes one notice per admin (children again); then wait;
//   notify   done: the result is what `pacer jobs status` shows.
// Children that fail do not fail the parent (ignoreDependencyOnFailure): their failure is reported.
import { splitAdminNotice } from "../../cards/builders/job-messages.ts";
import { Job, UnrecoverableError, WaitingChildrenError } from "bullmq";
import { z } from "zod";
import type pg from "pg";
import type { DeliverySpec, JobContext } from "../../jobs/define.ts";
import { loadSettings } from "./settings-spec.ts";
import { DELIVER_JOB, deliveryPayloadSchema, type DeliveryPayload } from "./delivery-payload.ts";
import { findJob } from "../../jobs/registry.ts";
import type { Logger } from "../log.ts";
import { listUnlinkedOnce, readDeliveries } from "../store/deliveries.ts";
import { activeAdminIds, loadContacts } from "../store/jobs.ts";
import type { PlatformName } from "../platform.ts";
import { linkedRoute, NOT_LINKED, platformOrder, primaryPlatform } from "./recipient-route.ts";
import type { DeliveryJobResult } from "./delivery-job.ts";
import { checkContent } from "./message-content.ts";
import type { Queues } from "./queues.ts";

export interface RunDeps {
  pool: pg.Pool;
  queues: Queues;
  log: Logger;
  now: () => Date;
  platforms: readonly PlatformName[];
}

const runData = z.object({
  payload: z.unknown(),
  step: z.enum(["start", "deliver", "notify"]).default("start"),
  result: z.record(z.string(), z.unknown()).default({}),
  notes: z.array(z.string()).default([]),
});

export interface RunSummary {
  sent: number;
  skipped: number;
  failed: number;
  /** Already final before this run (a second run of the same day, or a retry). */
  doneBefore: number;
  notices: number;
}

export async function processRun(deps: RunDeps, job: Job, token: string): Promise<Record<string, unknown>> {
  const definition = findJob(job.name);
  if (!definition) throw new UnrecoverableError(`no job definition ${job.name}`);
  const data = runData.parse(job.data);
  const parsed = definition.payload.safeParse(data.payload);
  if (!parsed.success) throw new UnrecoverableError(`bad payload for ${job.name}: ${parsed.error.message}`);
  const runId = job.id!;

  if (data.step === "start") {
    const ctx: JobContext<unknown> = {
      runId,
      pool: deps.pool,
      log: deps.log.child({ run: runId }),
      now: deps.now,
      platforms: deps.platforms,
      settings: await loadSettings(deps.pool, definition.settings),
    };
    const outcome = await definition.run(ctx, parsed.data);
    const deliveries = outcome.deliveries ?? [];
    const notes = outcome.notes ?? [];
    if (deliveries.length === 0 && notes.length === 0) return outcome.result;
    if (deliveries.length > 0 && deps.platforms.length === 0) {
      notes.push(`${runId}: no chat platform is configured, ${deliveries.length} messages not sent`);
      deliveries.length = 0;
    }
    await addChildren(deps, job, runId, deliveries);
    data.step = "deliver";
    data.result = outcome.result;
    data.notes = notes;
    await job.updateData(data);
  }

  if (data.step === "deliver") {
    if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
    const { summary, notices } = await summarize(deps, job, runId, data.notes);
    data.step = "notify";
    data.result = { ...data.result, ...summary };
    await addChildren(deps, job, runId, notices);
    await job.updateData(data);
  }

  if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
  return data.result;
}

/** Adds one child per delivery, on the queue of the platform it will most likely go out on. */
async function addChildren(deps: RunDeps, parent: Job, runId: string, deliveries: DeliverySpec[]): Promise<void> {
  if (deliveries.length === 0) return;
  const primary = await primaryPlatform(deps.pool, deps.platforms);
  const order = platformOrder(primary, deps.platforms);
  const people = deliveries.flatMap((d) => (d.to.type === "person" ? [d.to.employeeId] : []));
  const contacts = await loadContacts(deps.pool, people);
  const byQueue = new Map<PlatformName, { name: string; data: DeliveryPayload; opts: object }[]>();
  for (const spec of deliveries) {
    const data = deliveryPayloadSchema.parse({ ...spec, runId });
    data.content = checkContent(data.content);
    // A person goes where they are linked (else the primary platform, where the email lookup starts).
    const contact = data.to.type === "person" ? contacts.get(data.to.employeeId) : undefined;
    const platform =
      data.to.type === "channel" ? data.to.platform : ((contact && linkedRoute(contact, order)?.platform) ?? order[0]!);
    const list = byQueue.get(platform) ?? [];
    list.push({
      name: DELIVER_JOB,
      data,
      opts: {
        ...deps.queues.deliveryJobOptions,
        jobId: `${runId}.${data.recipient}`,
        parent: { id: parent.id!, queue: parent.queueQualifiedName },
        ignoreDependencyOnFailure: true,
      },
    });
    byQueue.set(platform, list);
  }
  for (const [platform, jobs] of byQueue)
    for (let i = 0; i < jobs.length; i += 500) await deps.queues.deliver[platform].addBulk(jobs.slice(i, i + 500));
}

async function summarize(
  deps: RunDeps,
  parent: Job,
  runId: string,
  notes: string[],
): Promise<{ summary: RunSummary; notices: DeliverySpec[] }> {
  const values = Object.values(await parent.getChildrenValues<DeliveryJobResult>());
  const failures = await parent.getIgnoredChildrenFailures();
  const summary: RunSummary = { sent: 0, skipped: 0, failed: 0, doneBefore: 0, notices: 0 };
  const unlinkedIds: number[] = [];
  // A retried step may also see the admin notices it added before: they are not the run's deliveries.
  for (const v of values.filter((v) => v.kind !== "admin-notice")) {
    if (v.status === "sent") summary.sent++;
    else if (v.status === "skipped") {
      summary.skipped++;
      if (v.reason === NOT_LINKED && v.employeeId !== null) unlinkedIds.push(v.employeeId);
    } else summary.doneBefore++;
  }
  // Failed children: their deliveries rows say why (marked failed on the last attempt).
  const failedKeys: string[] = [];
  for (const jobKey of Object.keys(failures)) {
    const [queueName, jobId] = splitJobKey(jobKey, deps.queues.prefix);
    const queue = Object.values(deps.queues.deliver).find((q) => q.name === queueName);
    const child = queue && jobId ? await Job.fromId(queue, jobId) : undefined;
    const key = child ? deliveryPayloadSchema.safeParse(child.data).data?.key : undefined;
    if (key) failedKeys.push(key);
  }
  summary.failed = Object.keys(failures).length;
  const failedRows = (await readDeliveries(deps.pool, failedKeys)).filter((r) => r.status !== "sent");
  const contacts = await loadContacts(deps.pool, [
    ...new Set([...failedRows.flatMap((r) => (r.employeeId === null ? [] : [r.employeeId])), ...unlinkedIds]),
  ]);
  const failed = failedRows.map((r) => {
    const c = r.employeeId === null ? undefined : contacts.get(r.employeeId);
    return { name: c?.name ?? r.channel ?? r.key, externalId: c?.externalId ?? null, error: r.error ?? "failed" };
  });
  const unlinked = (await listUnlinkedOnce(deps.pool, runId, unlinkedIds)).flatMap((id) => {
    const c = contacts.get(id);
    return c ? [{ name: c.name, externalId: c.externalId, email: c.email }] : [];
  });
  if (failed.length === 0 && unlinked.length === 0 && notes.length === 0) return { summary, notices: [] };

  const admins = await activeAdminIds(deps.pool);
  const content = {
    type: "admin-notice" as const,
    run: runId,
    asOf: deps.now().toISOString(),
    failed,
    unlinked,
    notes,
  };
  if (admins.length === 0)
    deps.log.warn(
      { run: runId, failed, unlinked, notes },
      "nothing delivered to some people, and there is no active admin to tell",
    );
  // A long notice goes as several messages (one chat message has hard size limits); none is cut.
  const parts = splitAdminNotice(content);
  const notices: DeliverySpec[] = admins.flatMap((id) =>
    parts.map((part) => ({
      key: `admin-notice:e${id}:${runId}${part.part && part.part.index > 1 ? `:p${part.part.index}` : ""}`,
      kind: "admin-notice",
      recipient: `admin-e${id}`,
      to: { type: "person" as const, employeeId: id, audience: "active" as const },
      content: { ...part, type: "admin-notice" as const },
    })),
  );
  summary.notices = notices.length;
  return { summary, notices };
}

/** "<prefix>:<queue>:<job id>" → [queue, job id]. */
function splitJobKey(jobKey: string, prefix: string): [string, string] {
  const rest = jobKey.startsWith(`${prefix}:`) ? jobKey.slice(prefix.length + 1) : jobKey;
  const i = rest.indexOf(":");
  return [rest.slice(0, i), rest.slice(i + 1)];
}
