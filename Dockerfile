# syntax=docker/dockerfile:1
# The ENS Rollout Dashboard image: Next.js's standalone output and the native
# better-sqlite3 build on node:20-slim, run as a non-root user.
#   docker build -t ens-rollout-dashboard .
#   docker run -p 3000:3000 -v ens-data:/app/data ens-rollout-dashboard

FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
RUN npx next build

FROM node:20-slim AS runtime
WORKDIR /app
# NEXT_MANUAL_SIG_HANDLE: the dashboard drains on SIGTERM itself; Next.js's own
# handler would exit before it has finished. NODE_OPTIONS and MALLOC_ARENA_MAX: the
# server's memory as `npm start` sets it (scripts/start.mjs): a heap size the engine
# works to (without it V8 sizes the heap from the host's memory and RSS grows far
# beyond what the server holds), a small young generation, two malloc arenas. An
# operator's own NODE_OPTIONS replaces them (README, "Deploy").
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=160 --max-semi-space-size=2" \
    MALLOC_ARENA_MAX=2 \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    NEXT_MANUAL_SIG_HANDLE=true \
    DATABASE_URL=file:/app/data/dashboard.db
RUN groupadd --system --gid 10001 dashboard \
 && useradd --system --uid 10001 --gid dashboard --home-dir /app --no-create-home dashboard \
 && mkdir -p /app/data /app/.next/cache \
 && chown dashboard:dashboard /app/data /app/.next/cache
# Only the standalone server (with its traced node_modules and the simulator sources),
# the static assets and public/, exactly as deploy/harness.ts lays them out in tests.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# The server the image runs: scripts/server.mjs beside server.js. It serves the same
# build but stamps each request with its TCP peer, which AUTH_MODE=proxy needs to
# believe identity headers only from TRUSTED_PROXY_CIDRS (server.js records none).
COPY --from=build /app/scripts/server.mjs ./dashboard-server.mjs
# The native module, whatever the tracer kept of it.
COPY --from=build /app/node_modules/better-sqlite3 ./node_modules/better-sqlite3
COPY --from=build /app/node_modules/bindings ./node_modules/bindings
COPY --from=build /app/node_modules/file-uri-to-path ./node_modules/file-uri-to-path
USER dashboard
# SQLite (the default DATABASE_URL) lives here; with PostgreSQL nothing is written.
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dashboard-server.mjs"]
