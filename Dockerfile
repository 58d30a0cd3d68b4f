# One image for every process of the product; docker-compose.yml picks the command per service.
FROM node:20-bookworm-slim
WORKDIR /srv/vorlagen
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# patch-package applies patches/ in postinstall (see patches/README.md).
COPY patches ./patches
RUN npm install --no-audit --no-fund
COPY . .
RUN NEXT_TELEMETRY_DISABLED=1 npx next build
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 DATA_DIR=/var/lib/vorlagen
CMD ["node", "node_modules/next/dist/bin/next", "start", "--port", "3000", "--hostname", "0.0.0.0"]
