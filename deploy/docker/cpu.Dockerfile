# minima on a CPU host: the daemon and the dashboard in one container.
#   docker build -f deploy/docker/cpu.Dockerfile -t minima:cpu .
#   docker run -d --name minima --stop-timeout 120 -p 8443:8443 -v minima-data:/data \
#     -v /etc/minima/tls:/tls:ro -e MINIMA_TLS_CERT=/tls/cert.pem -e MINIMA_TLS_KEY=/tls/key.pem minima:cpu
#   docker logs minima    # the first start prints the admin token
# Behind a reverse proxy that terminates TLS instead: -e MINIMA_INSECURE_HTTP=1 (see the README).
FROM node:22-bookworm-slim

# tini reaps the workers' processes as PID 1; tcmalloc is the workers' allocator; python3, make
# and g++ let setup-engine build the TensorFlow binding when no prebuilt one can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tini libtcmalloc-minimal4 python3 python3-pip make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/minima
COPY --chown=node:node . .
USER node
ENV NEXT_TELEMETRY_DISABLED=1 MINIMA_ENGINE=cpu
RUN npm run setup

ENV MINIMA_DATA_DIR=/data \
    MINIMA_DATASETS=/data/datasets \
    MINIMA_LOG_FORMAT=json \
    MINIMA_WEB_HOST=0.0.0.0 \
    MINIMA_WEB_PORT=8443
USER root
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8443
# docker stop sends SIGTERM: runs pause at their next checkpoint (give it --stop-timeout 120).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD ["node", "scripts/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "scripts/bootstrap.mjs", "serve"]
