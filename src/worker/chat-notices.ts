// The notices a chat answer carries for other people (a dispute's decider, the rep it names, …),
// sent by the bot process right after the answer, through the same exactly-once machinery as the
// scheduled messages: one `deliveries` row per notice key, the person's route (stored link, else a
// directory match by email), the platforms' rate-limit buckets. Someone who cannot be reached is
// recorded as skipped ("not linked"); a failure is logged and recorded, never the asker's problem.
import type pg from "pg";
import type { Notice } from "../chat/answers/context.ts";
import type { Logger } from "../log.ts";
import { loadContact } from "../store/jobs.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./rate-limits.ts";
import { NOT_LINKED, platformOrder, primaryPlatform, resolveRoute } from "./recipient-route.ts";
import { type Prepared, type Route, sendOnce, type Target } from "./send-message.ts";
import { enabledPlatforms, type Senders } from "./platform-senders.ts";

export function createNoticeSender(deps: {
  pool: pg.Pool;
  senders: Senders;
  limiter: RateLimiter;
  limits?: RateLimits;
  log?: Logger;
}): (notices: Notice[]) => Promise<void> {
  const platforms = enabledPlatforms(deps.senders);
  const sendDeps = {
    pool: deps.pool,
    senders: deps.senders,
    limiter: deps.limiter,
    limits: deps.limits ?? DEFAULT_RATE_LIMITS,
    ...(deps.log ? { log: deps.log } : {}),
  };
  return async (notices) => {
    for (const notice of notices) {
      const prepare = async (forced: Target | null): Promise<Prepared> => {
        const outgoing = { card: notice.card, locale: notice.locale };
        if (forced) return { platform: forced.platform, to: { address: forced.address, kind: "user" }, ...outgoing };
        const contact = await loadContact(deps.pool, notice.employeeId);
        if (!contact || contact.status === "left") return { skip: "left" };
        const route: Route | null = await resolveRoute(
          deps.pool,
          deps.senders,
          contact,
          platformOrder(await primaryPlatform(deps.pool, platforms), platforms),
        );
        return route ? { ...route, ...outgoing } : { skip: NOT_LINKED };
      };
      try {
        const result = await sendOnce(sendDeps, {
          key: notice.key,
          kind: "chat-notice",
          employeeId: notice.employeeId,
          prepare,
        });
        if (result.status === "failed" || result.status === "skipped")
          deps.log?.warn({ key: notice.key, result }, "chat notice not sent");
      } catch (error) {
        deps.log?.error({ err: error, key: notice.key }, "chat notice failed");
      }
    }
  };
}
