// The CJK font of the server-rendered charts, read once per process and cut down to each chart's
// characters. resvg-js 2.6 takes fonts only as file paths (its Node build has no in-memory fonts)
// and reads the whole file again for nearly every glyph it outlines: with the 19 MB Noto Sans CJK
// collection that was ~4 ms a glyph on an idle core, ~0.5 s for the profile trend's ~100
// characters and seconds under load (docs/BENCHMARKS.md, "Chart font"). So the collection is
// loaded once into HarfBuzz's subsetter, in a worker thread (./chart-font-worker.mjs), and each
// render gets a font file of just the characters of its SVG (~10–20 KB) in the temp directory,
// removed after. The picture is the same: the subset keeps the glyphs, their metrics
// and the layout tables.
import { randomUUID } from "node:crypto";
import { unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";

type Answer = { id: number; bytes: Uint8Array; error?: undefined } | { id: number; error: string };

interface Subsetter {
  worker: Worker;
  pending: Map<number, { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }>;
}

const subsetters = new Map<string, Subsetter>();
let nextId = 0;

/** The worker holding face `index` of `file`, started on first use; one that failed is replaced by the next call. */
function subsetterOf(file: string, index: number): Subsetter {
  const key = `${file}#${index}`;
  const running = subsetters.get(key);
  if (running) return running;
  const worker = new Worker(new URL("./chart-font-worker.mjs", import.meta.url), { workerData: { file, index } });
  // Idle, it must not keep the process (a CLI run, a test file) alive.
  worker.unref();
  const subsetter: Subsetter = { worker, pending: new Map() };
  // Any failure retires this worker (the next chart starts another); its waiting renders fall back.
  const fail = (error: Error) => {
    if (subsetters.get(key) === subsetter) subsetters.delete(key);
    for (const p of subsetter.pending.values()) p.reject(error);
    subsetter.pending.clear();
    void worker.terminate();
  };
  worker.on("message", (answer: Answer) => {
    const p = subsetter.pending.get(answer.id);
    if (!p) return;
    subsetter.pending.delete(answer.id);
    if (answer.error === undefined) {
      p.resolve(answer.bytes);
      if (subsetter.pending.size === 0) worker.unref();
    } else {
      const error = new Error(`chart font: ${answer.error}`);
      p.reject(error);
      fail(error);
    }
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`chart font: the subsetter exited (${code})`)));
  subsetters.set(key, subsetter);
  return subsetter;
}

/**
 * The code points an SVG can draw: every character of its markup (text, and entities decoded),
 * plus printable ASCII — a few dozen glyphs more, and no label can miss one.
 */
export function codePointsOf(svg: string): Uint32Array {
  const points = new Set<number>();
  for (let cp = 0x20; cp <= 0x7e; cp++) points.add(cp);
  for (const ch of svg) points.add(ch.codePointAt(0)!);
  for (const m of svg.matchAll(/&#(x[0-9a-f]+|[0-9]+);/gi)) {
    const ref = m[1]!;
    const cp = /^x/i.test(ref) ? Number.parseInt(ref.slice(1), 16) : Number(ref);
    if (Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff) points.add(cp);
  }
  return Uint32Array.from(points);
}

/** A font file made for one render; `release` removes it once the render is done. */
export interface SubsetFontFile {
  path: string;
  release(): Promise<void>;
}

/** A file holding face `index` of `file` cut down to the characters of `svg`. */
export async function subsetFontFile(file: string, index: number, svg: string): Promise<SubsetFontFile> {
  const subsetter = subsetterOf(file, index);
  const id = ++nextId;
  const bytes = await new Promise<Uint8Array>((resolve, reject) => {
    subsetter.pending.set(id, { resolve, reject });
    // Busy, it keeps the process alive until it answers.
    subsetter.worker.ref();
    subsetter.worker.postMessage({ id, codePoints: codePointsOf(svg) });
  });
  // Straight in the temp directory, removed after its render: nothing to clean up at exit.
  const path = join(tmpdir(), `pacer-chart-font-${randomUUID()}.otf`);
  await writeFile(path, bytes, { mode: 0o600 });
  return { path, release: () => unlink(path).catch(() => undefined) };
}
