# minima on NVIDIA GPUs: the daemon (GPU engine) and the dashboard in one container.
#   docker build -f deploy/docker/nvidia.Dockerfile -t minima:gpu .
#   docker run -d --name minima --gpus all --stop-timeout 120 -p 8443:8443 -v minima-data:/data \
#     -v /etc/minima/tls:/tls:ro -e MINIMA_TLS_CERT=/tls/cert.pem -e MINIMA_TLS_KEY=/tls/key.pem minima:gpu
# Needs the NVIDIA Container Toolkit on the host. The stock tfjs-node-gpu 4.22 engine is built for
# CUDA 11.2 and cuDNN 8.1, which this base image carries; a newer host driver runs it (CUDA's
# forward compatibility). `docker exec minima npm run minima -- doctor` shows what was loaded.
FROM node:22-bookworm-slim AS node

FROM nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates tini libtcmalloc-minimal4 python3 make g++ \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 minima \
 && mkdir -p /opt/minima /data && chown minima: /opt/minima /data

WORKDIR /opt/minima
COPY --chown=minima:minima . .
USER minima
# No GPU is visible while the image builds: ask for the GPU engine by name.
ENV NEXT_TELEMETRY_DISABLED=1
ENV MINIMA_ENGINE=gpu
RUN npm run setup

ENV MINIMA_DATA_DIR=/data \
    MINIMA_DATASETS=/data/datasets \
    MINIMA_LOG_FORMAT=json \
    MINIMA_WEB_HOST=0.0.0.0 \
    MINIMA_WEB_PORT=8443
VOLUME /data
EXPOSE 8443
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s CMD ["node", "scripts/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "scripts/bootstrap.mjs", "serve"]
