# The gitops-promote connector: receives Flux generic-hmac webhook events and serves object state.
# Build after `npm run package` (the image holds only the committed bundle, no node_modules):
#   docker build -t gitops-promote-connector .
FROM node:24-slim

ENV NODE_ENV=production \
    CONNECTOR_HOST=0.0.0.0 \
    CONNECTOR_PORT=8080 \
    CONNECTOR_DATA_DIR=/data

WORKDIR /app
# index.js, package.json ("type": "module") and licenses.txt: the bundle is self-contained.
COPY dist/connector/ /app/

# The image's `node` user (uid 1000) owns the data volume; numeric so runAsNonRoot can verify it.
RUN mkdir -p /data && chown 1000:1000 /data
USER 1000:1000

EXPOSE 8080
VOLUME /data

CMD ["node", "/app/index.js"]
