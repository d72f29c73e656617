// Prisma 7 reads its settings from here. The datasource URL is only needed by the Prisma CLI's
// migrate commands (where the native engine can be downloaded); our own offline migrator
// (src/db/migrator.ts, `npm run db:migrate`) reads DATABASE_URL itself.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/pacer" },
});
