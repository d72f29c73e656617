// The ingest bounds (./bounds.test.ts) again, with every batch taking the bulk path (COPY into a
// staging table, then the set-based upsert).
import { setIngestBulkThreshold } from "../helpers/server.ts";

setIngestBulkThreshold(1);
await import("./bounds.test.ts");
