// The demo world's loader is data access and lives in the store (store/demo-load.ts: COPY in one
// transaction); this path stays for the benchmarks that import it.
export { BUSINESS_TABLES, DemoDataError, type LoadOptions, type LoadResult, loadDemoData } from "../store/demo-load.ts";
