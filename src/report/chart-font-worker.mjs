// The chart font's subsetter, in a worker thread (./chart-font.ts starts it): HarfBuzz's
// hb-subset (harfbuzzjs, WebAssembly) with the whole CJK collection loaded into its memory once,
// cutting it down to the code points each message asks for. A worker because the WebAssembly runs
// synchronously — the first load takes about a second, each subset tens of milliseconds — and
// the service's event loop must not wait for either. Plain JavaScript: a worker thread gets no
// TypeScript loader under every runner (tsx in production, vitest in tests).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const HB_MEMORY_MODE_READONLY = 1;
/** Drops hinting only: resvg does not hint, and the layout closure must stay (it changes glyphs). */
const HB_SUBSET_FLAGS_NO_HINTING = 0x1;

/** @type {{ file: string; index: number }} */
const { file, index } = workerData;

async function load() {
  const require = createRequire(import.meta.url);
  const [wasm, bytes] = await Promise.all([
    readFile(require.resolve("harfbuzzjs/dist/harfbuzz-subset.wasm")),
    readFile(file),
  ]);
  const { instance } = await WebAssembly.instantiate(wasm);
  const hb = instance.exports;
  hb._initialize();
  const at = hb.malloc(bytes.byteLength);
  if (at === 0) throw new Error(`no memory for ${file}`);
  new Uint8Array(hb.memory.buffer).set(bytes, at);
  const blob = hb.hb_blob_create(at, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, index);
  hb.hb_blob_destroy(blob);
  return { hb, face };
}

/** The font bytes with only these code points (and the glyphs their layout can reach). */
function subset({ hb, face }, codePoints) {
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error("harfbuzz could not create a subset input");
  let result;
  try {
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) hb.hb_set_add(unicodes, cp);
    hb.hb_subset_input_set_flags(input, hb.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NO_HINTING);
    result = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (result === 0) throw new Error("harfbuzz could not subset the font");
  const blob = hb.hb_face_reference_blob(result);
  try {
    const length = hb.hb_blob_get_length(blob);
    if (length === 0) throw new Error("harfbuzz made an empty subset");
    // A copy: the wasm memory may grow (and move) on the next call.
    return new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(blob, 0), length).slice();
  } finally {
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(result);
  }
}

const loaded = load();
// A failed load answers every request with its error (the parent then stops this worker).
loaded.catch(() => {});

parentPort.on("message", async ({ id, codePoints }) => {
  try {
    const bytes = subset(await loaded, codePoints);
    parentPort.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error instanceof Error ? error.message : error) });
  }
});
