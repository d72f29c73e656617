// The organization's configuration kept in process, so a chat answer does not read it again each
// time: its row, KPI plans and working calendar, and what changes a few times a month but every
// answer reads — a team's scored people, targets and goals per period (store/kpi-inputs.ts), an
// account's chat link and viewer record (store/identity.ts), the course per metric. What is left
// for an answer to read is the metrics themselves.
//
// Invalidation. Several processes write and read it (the bot, the worker, the CLI, the ingest
// API), so a cache invalidated only by its own process's writes would go stale. Statement-level
// triggers on the configuration tables NOTIFY the channel below (migration config_notify);
// Postgres delivers a notification only when the writing transaction commits, to every listening
// session. Each cache holds one connection LISTENing there and empties itself on a notification.
// While that connection is down (not yet connected, lost, reconnecting), the cache is bypassed and
// every read goes to Postgres, so a missed notification can never serve stale values; after a
// reconnect it starts empty. A TTL bounds an entry's age all the same (a safety net, not the
// mechanism). Writes made in this process also empty it at once (`invalidateConfig`), so the
// writer reads its own writes without waiting for the notification's round trip.
import pg from "pg";
import type { Sql } from "./client.ts";

/** The channel the configuration tables' triggers NOTIFY (hand-written SQL, migration config_notify). */
export const CONFIG_CHANNEL = "pacer_config";

export interface ConfigCacheOptions {
  /** Longest an entry is kept even without a notification (default 60 s). */
  ttlMs?: number;
  /** Pause before reconnecting the listener after it failed (default 1 s, doubling up to 30 s). */
  retryMs?: number;
  onError?: (error: unknown) => void;
}

export class ConfigCache {
  private entries = new Map<string, { at: number; value: Promise<unknown> }>();
  /** Bumped by every invalidation: a read that began before one must not store its result. */
  private generation = 0;
  private client: pg.Client | null = null;
  private listening = false;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | null = null;
  /** Notifications and invalidations seen (for tests and metrics). */
  invalidations = 0;

  constructor(
    private readonly connectionString: string,
    private readonly options: ConfigCacheOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 1000;
  }

  /** True while notifications can reach this cache (only then does it keep anything). */
  get active(): boolean {
    return this.listening && !this.closed;
  }

  private starting: Promise<void> | null = null;

  /** Connects the listener; resolves once it listens (or has failed and will retry). */
  start(): Promise<void> {
    if (!this.starting)
      this.starting = this.connect().finally(() => {
        this.starting = null;
      });
    return this.starting;
  }

  private async connect(): Promise<void> {
    if (this.closed || this.client) return;
    const client = new pg.Client({ connectionString: this.connectionString, application_name: "pacer config cache" });
    this.client = client;
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = false;
      this.clear();
      client.end().catch(() => {});
      if (error) this.options.onError?.(error);
      if (!this.closed) {
        this.timer = setTimeout(() => {
          this.timer = null;
          void this.start();
        }, this.retryMs);
        this.timer.unref();
        this.retryMs = Math.min(this.retryMs * 2, 30_000);
      }
    };
    client.on("error", lost);
    client.on("end", () => lost());
    client.on("notification", (n) => {
      if (n.channel === CONFIG_CHANNEL) this.clear();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CONFIG_CHANNEL}`);
      if (this.client !== client) return;
      // Anything read before this point may have missed a notification.
      this.clear();
      this.listening = true;
      this.retryMs = this.options.retryMs ?? 1000;
    } catch (error) {
      lost(error);
    }
  }

  /** The value under `key`, read with `load` when not kept (or when the cache cannot be trusted). */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.active) return load();
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < (this.options.ttlMs ?? 60_000)) return hit.value as Promise<T>;
    const generation = this.generation;
    const value = load();
    this.entries.set(key, { at: Date.now(), value });
    value.then(
      () => {
        // Invalidated while reading: the value may predate the change; the next read reloads.
        if (this.generation !== generation && this.entries.get(key)?.value === value) this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      },
    );
    return value;
  }

  /** Forgets everything kept. */
  clear(): void {
    this.generation++;
    this.invalidations++;
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    this.entries.clear();
    await client?.end().catch(() => {});
  }
}

const caches = new WeakMap<object, ConfigCache>();

/** Attaches a cache to `pool`: reads through the pool (not through a transaction's client) use it. */
export function attachConfigCache(pool: pg.Pool, cache: ConfigCache): void {
  caches.set(pool, cache);
}

/** The cache of `sql` when it is a pool that has one and can trust it now. */
export function configCacheOf(sql: Sql): ConfigCache | undefined {
  const cache = caches.get(sql);
  return cache?.active ? cache : undefined;
}

/** Empties `sql`'s cache after this process changed the configuration (the others hear the NOTIFY). */
export function invalidateConfig(sql: Sql): void {
  caches.get(sql)?.clear();
}
