// Prisma's schema engine compiled to WebAssembly: the only migration engine that works offline
// (the Prisma CLI would download a native engine). We instantiate the .wasm ourselves instead of
// importing the package entry, whose `import * as wasm from "./x.wasm"` needs
// `node --experimental-wasm-modules` on Node 20.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm/schema_engine_bg";

export type { SchemaEngine };

/** No tables or enums are managed outside Prisma. */
export const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

type WasmExports = Record<string, unknown>;
// The bindgen glue exports this, but its .d.ts only describes the public API.
type Glue = typeof glue & { __wbg_set_wasm(exports: WasmExports): void };
// Our lib setting (ES2023, no DOM) has no WebAssembly typings; this is the slice we use.
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: {
    instantiate(
      bytes: Uint8Array,
      imports: Record<string, Record<string, unknown>>,
    ): Promise<{ instance: { exports: WasmExports } }>;
  };
};

let loaded: Promise<typeof glue.SchemaEngine> | undefined;

/** Instantiates the wasm module once per process and returns the SchemaEngine class. */
function loadSchemaEngine(): Promise<typeof glue.SchemaEngine> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = await readFile(join(pkgDir, "schema_engine_bg.wasm"));
    // The module's only import namespace is the glue file itself (what the package entry wires up),
    // except that the engine's timers are unref'd: it leaves a ~10 s timer behind after each
    // command, which would keep every CLI run alive that long. withSchemaEngine keeps the event
    // loop alive itself while a command runs.
    const imports: Record<string, unknown> = { ...glue };
    for (const [name, fn] of Object.entries(glue)) {
      if (name.startsWith("__wbg_setTimeout_") && typeof fn === "function") {
        imports[name] = (...args: unknown[]) => {
          const timer = (fn as (...a: unknown[]) => unknown)(...args);
          (timer as { unref?: () => void } | undefined)?.unref?.();
          return timer;
        };
      }
    }
    const { instance } = await Wasm.instantiate(bytes, { "./schema_engine_bg.js": imports });
    (glue as Glue).__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue.SchemaEngine;
  })();
  return loaded;
}

export interface EngineOptions {
  /** Database the engine connects to (it connects eagerly, even for datamodel-only diffs). */
  databaseUrl: string;
  /** Datamodel the engine starts with; only needed by commands that read "the" schema. */
  datamodel?: { path: string; content: string };
  log?: (msg: string) => void;
}

/**
 * Runs `fn` with a schema engine connected to `databaseUrl`, then releases every connection.
 * We hand the adapter our own pool so we can end it: the engine has no close method, and a
 * lingering connection would, for one, stop Postgres from cloning a freshly migrated template.
 */
export async function withSchemaEngine<T>(opts: EngineOptions, fn: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const SchemaEngineClass = await loadSchemaEngine();
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 2 });
  // An idle client's error (e.g. the database dropped under it) must not crash the process.
  pool.on("error", () => {});
  let engine: SchemaEngine | undefined;
  // Engine timers are unref'd (see loadSchemaEngine), so hold the loop open until we are done.
  const keepAlive = setInterval(() => {}, 60_000);
  try {
    const factory = bindMigrationAwareSqlAdapterFactory(wholeScriptAdapterFactory(pool));
    const log = opts.log ?? (() => {});
    engine = await SchemaEngineClass.new(
      { datamodels: opts.datamodel ? [[opts.datamodel.path, opts.datamodel.content]] : undefined },
      (line: string) => log(line),
      factory,
    );
    return await fn(engine);
  } catch (err) {
    throw asError(err);
  } finally {
    engine?.free();
    await pool.end();
    clearInterval(keepAlive);
  }
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;

/**
 * adapter-pg's `executeScript` splits a migration on every ";" and runs the pieces one by one,
 * which breaks on semicolons in comments, strings and function bodies (plpgsql triggers) and
 * makes a failed migration half-applied. The native engine sends the script whole, as one
 * simple-protocol query that Postgres runs as a single implicit transaction; we restore that.
 */
function wholeScriptAdapterFactory(pool: pg.Pool): PrismaPg {
  // adapter-pg bundles its own (newer) @types/pg; the runtime Pool is the same class.
  const factory = new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]);
  const patch = (adapter: PgAdapter): PgAdapter => {
    adapter.executeScript = async (script: string) => {
      try {
        await pool.query(script);
      } catch (err) {
        // The adapter's own mapping of pg errors to driver-adapter errors (it always throws).
        (adapter as unknown as { onError(e: unknown): never }).onError(err);
      }
    };
    return adapter;
  };
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => patch(await connect());
  factory.connectToShadowDb = async () => patch(await connectToShadowDb());
  return factory;
}

/** Diffs two Prisma datamodels and returns the SQL script ("" when they are equivalent). */
export async function diffDatamodels(databaseUrl: string, from: string | null, to: string): Promise<string> {
  return withSchemaEngine({ databaseUrl }, async (engine) => {
    const result = await engine.diff({
      from:
        from === null
          ? { tag: "empty" }
          : { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: to }] },
      script: true,
      exitCode: true,
      filters: NO_FILTERS,
    });
    // exitCode 2 = "non-empty diff"; an empty diff still yields a comment-only script.
    return result.exitCode === 2 ? (result.stdout ?? "") : "";
  });
}

/** The engine rejects with plain objects or strings at times; normalise to Error. */
export function asError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (typeof err === "string") return new Error(err);
  return new Error(JSON.stringify(err));
}
