# The examples (hello, petstore, chat), as `npm start` serves them: HTTP on 8080, WebSocket on 8888.
# They run from TypeScript through the limis CLI, so this image keeps the development install; a project made by
# `limis create-project` gets a two-stage Dockerfile that runs built JavaScript on the production install instead.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY runtime/package.json runtime/
COPY generator/package.json generator/
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && chown -R node:node /app
USER node
EXPOSE 8080 8888
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "generator/bin/limis.js", "server", "--http", "--websocket"]
