// Inbound bodies → rows. The feeds send a JSON array, {"items": [...]}, NDJSON or CSV (UTF-8,
// with or without BOM, header names = field names). Every problem names where it is.
import { PacerError } from "../errors.ts";
import { parse as parseCsv } from "csv-parse/sync";

export type BodyFormat = "json" | "ndjson" | "csv";

export class BodyFormatError extends PacerError {
  static override readonly code = "ingest.malformed_body";
  static override readonly userMessage = {
    "zh-CN": "请求内容无法按所声明的格式解析。",
    en: "The request body cannot be read in its declared format.",
  };
  static override readonly httpStatus = 400;
  constructor(
    message: string,
    readonly format: BodyFormat,
  ) {
    super(message);
    this.name = "BodyFormatError";
  }
}

/** Fields that hold structured values; in a CSV cell they are written as JSON. */
const JSON_FIELDS = new Set(["bonusTiers", "keywordProfile", "items", "interviewers"]);

/** Picks the format from the Content-Type (or a file's extension). */
export function formatOf(contentType: string | undefined, fileName?: string): BodyFormat {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "text/csv" || type === "application/csv") return "csv";
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") return "ndjson";
  if (type === "application/json" || type === "") {
    if (fileName?.toLowerCase().endsWith(".csv")) return "csv";
    if (/\.(ndjson|jsonl)$/i.test(fileName ?? "")) return "ndjson";
    return "json";
  }
  throw new BodyFormatError(
    `unsupported Content-Type ${JSON.stringify(type)}: use application/json, application/x-ndjson or text/csv`,
    "json",
  );
}

export function parseBody(text: string, format: BodyFormat): unknown[] {
  const body = text.replace(/^\uFEFF/, "");
  switch (format) {
    case "json":
      return parseJson(body);
    case "ndjson":
      return parseNdjson(body);
    case "csv":
      return parseCsvRows(body);
  }
}

function parseJson(body: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new BodyFormatError(`the body is not valid JSON: ${(error as Error).message}`, "json");
  }
  if (Array.isArray(value)) return value;
  if (value && typeof value === "object" && Array.isArray((value as { items?: unknown }).items))
    return (value as { items: unknown[] }).items;
  throw new BodyFormatError('the body must be a JSON array of rows or an object {"items": [...]}', "json");
}

function parseNdjson(body: string): unknown[] {
  const rows: unknown[] = [];
  body.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      rows.push(JSON.parse(line));
    } catch (error) {
      throw new BodyFormatError(`line ${i + 1} is not valid JSON: ${(error as Error).message}`, "ndjson");
    }
  });
  return rows;
}

function parseCsvRows(body: string): unknown[] {
  let records: Record<string, string>[];
  try {
    records = parseCsv(body, {
      columns: checkHeader,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: false,
    });
  } catch (error) {
    if (error instanceof BodyFormatError) throw error;
    throw new BodyFormatError(`the CSV is malformed: ${(error as Error).message}`, "csv");
  }
  // An empty cell means "no value": drop it, so optional fields are absent and required ones say so.
  return records.map((record) => {
    const row: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (value === "") continue;
      row[key] = JSON_FIELDS.has(key) ? tryJson(value) : value;
    }
    return row;
  });
}

/**
 * The header row: every name once (a repeated column would silently keep only its last cell) and
 * no name that reaches an object's prototype (csv-parse would drop `__proto__` without a word).
 */
function checkHeader(header: string[]): string[] {
  const seen = new Set<string>();
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === "__proto__" || name === "constructor" || name === "prototype")
      throw new BodyFormatError(`the CSV header names a forbidden column ${JSON.stringify(name)}`, "csv");
    if (name === "") throw new BodyFormatError(`the CSV header has an empty column name (column ${i + 1})`, "csv");
    if (seen.has(name)) throw new BodyFormatError(`the CSV header names column ${JSON.stringify(name)} twice`, "csv");
    seen.add(name);
  });
  return header.map((h) => h.trim());
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
