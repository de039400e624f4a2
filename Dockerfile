# syntax=docker/dockerfile:1
# hocvuso production image: run-time dependencies only, as the unprivileged `node` user.
# Build: docker build -t hocvuso .   Run: see docker-compose.yml and README "Production".

# 1. Dependencies (run-time only). The postinstall generates the Prisma client offline, so it
#    needs the schema and the generator script; prisma/no-streams-local backs an npm override.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY bot/db/generate-client.mjs ./bot/db/generate-client.mjs
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 2. The app.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=deps --chown=node:node /app/bot/db/generated ./bot/db/generated
COPY --chown=node:node . .
RUN mkdir -p /data && chown node:node /data
USER node
# Built at image build: the Prisma client (above) and the app compiled by esbuild into dist/ (what
# `npm start` runs), so a container's start neither builds nor transpiles.
RUN node bot/build/build-app.mjs && test -f dist/main.mjs
VOLUME /data
EXPOSE 3000
# Liveness: /healthz on PORT (a worker started with WORKER_HTTP_PORT is probed there).
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "const p=process.env.WORKER_HTTP_PORT||process.env.PORT;fetch('http://127.0.0.1:'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# `npm start` = everything in one process; compose runs start:bot / start:worker / db:migrate.
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=8", "--liftoff-only", "dist/main.mjs"]
