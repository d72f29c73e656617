// The ingest property (./ingest.property.test.ts) again, with every batch taking the bulk path
// (COPY into a staging table, then the set-based upsert): hostile values are stored exactly or
// refused with a 4xx and nothing written, whichever way the rows reach Postgres.
import { setIngestBulkThreshold } from "../helpers/server.ts";

setIngestBulkThreshold(1);
await import("./ingest.property.test.ts");
