# The gitops-promote connector: receives Flux generic-hmac webhook events and serves object state.
# Build after `npm run package` (the image holds only the committed bundle, no node_modules):
#   docker build -t gitops-promote-connector .
# Pinned by digest (the multi-arch index of node:24-slim) so a release rebuilds the same base; Dependabot bumps it.
FROM node:24-slim@sha256:0e0ff40c39bc087845bfb27465a0df4ea419520094bc35842ff83dd8cbe6f9b6

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
