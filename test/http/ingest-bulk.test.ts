// The ingest API's specification (./ingest.test.ts) again, with every batch taking the bulk path
// (COPY into a staging table, then the set-based upsert): same answers, same errors, same counts.
import { setIngestBulkThreshold } from "../helpers/server.ts";

setIngestBulkThreshold(1);
await import("./ingest.test.ts");
