// Where a fresh clone finds Postgres and Redis with no configuration at all: the services of
// docker-compose.yml (`docker compose up -d postgres redis`), published on 127.0.0.1. The demo and
// the CLI fall back to these; `npm start` and the worker never do (production names its own).
// test/repo/compose.test.ts checks that the compose file agrees (user, password, port, database).

/** The compose file's Postgres: role `pacer`, password `pacer`, database `pacer`. */
export const LOCAL_DATABASE_URL = "postgresql://pacer:pacer@127.0.0.1:5432/pacer";

/** The compose file's Redis. */
export const LOCAL_REDIS_URL = "redis://127.0.0.1:6379";
