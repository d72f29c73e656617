# syntax=docker/dockerfile:1
# One image for the three processes of a deployment (docker-compose.yml):
#   npm start            the bot (default): HTTP on PORT (3000), /healthz, /readyz, /metrics
#   npm run worker       the scheduled jobs
#   npm run db:migrate   the migrations, once per release
# The app is TypeScript run by tsx (a runtime dependency), so there is no compile step; the image
# holds the production dependencies, the sources and the generated Prisma client.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: production dependencies exactly as locked --------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency's install script runs (as with npm 11, which the project is
# developed with): Prisma's would try to download native engines we do not use (migrations run on
# the WebAssembly engine, queries through the pg adapter), and every native module we need (esbuild,
# resvg) ships as a prebuilt platform package. Our own postinstall (the client) is the next stage.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- build: the generated Prisma client (src/generated/prisma) ----------------------------------
FROM deps AS build
COPY prisma.config.ts ./
COPY prisma ./prisma
# The generate script points PRISMA_SCHEMA_ENGINE_BINARY at an existing file, so nothing is downloaded.
RUN CHECKPOINT_DISABLE=1 npm run generate

# ---- runtime -------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# CJK fonts: charts with Chinese labels are rendered to images on the server (resvg reads the
# system fonts); without them every Chinese character would be a box.
RUN apt-get update \
  && apt-get install -y --no-install-recommends fonts-noto-cjk fontconfig \
  && rm -rf /var/lib/apt/lists/*

# NPM_CONFIG_SCRIPT_SHELL: bash runs a script's single command in place of itself (dash forks it),
# so SIGTERM sent to npm reaches tsx, which relays it to the app: it stops gracefully instead of
# being left behind as an orphan and killed (checked by hand: npm start, then kill -TERM npm).
ENV NODE_ENV=production \
  NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
  PORT=3000 \
  NPM_CONFIG_UPDATE_NOTIFIER=false \
  NPM_CONFIG_FUND=false \
  CHECKPOINT_DISABLE=1
WORKDIR /app

# Owned by root and read-only to the app; it writes nothing here (tsx caches in the temp dir).
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY bin ./bin
COPY cards ./cards
COPY jobs ./jobs
COPY scripts ./scripts
COPY src ./src
COPY --from=build /app/src/generated ./src/generated

# The unprivileged user of the official Node image (uid 1000).
USER node

EXPOSE 3000
# For the default command (the bot): ready once Postgres and Redis answer. Node's own fetch, as the
# slim image has no curl. The worker and the migration override or disable it (docker-compose.yml).
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# npm relays SIGTERM to the app (see NPM_CONFIG_SCRIPT_SHELL), which then shuts down gracefully;
# run with an init (`docker run --init`, compose `init: true`) so PID 1 reaps as it should.
CMD ["npm", "start"]
