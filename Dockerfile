# syntax=docker/dockerfile:1
# The pdm image: one entry point (`pdm`), one command per service:
#   ingest | features | inference | alerting | fl plant | fl aggregator | certs init
# Build (from the repository root; see docs/deploy.md):
#   docker build -t pdm:0.1.0 .
# Only the launcher's jar and its lib/ (the runtime classpath, Class-Path in pdm.jar's manifest) reach the
# final image: no JDK, no Maven, no sources.

# --- build stage: the Maven wrapper on a pinned JDK 17 -------------------------------------------------
FROM eclipse-temurin:17.0.16_8-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -pl launcher -am package -DskipTests -Dspotless.check.skip=true \
 && mkdir -p /out \
 && cp launcher/target/pdm.jar /out/ \
 && cp -r launcher/target/lib /out/lib

# --- runtime: a pinned JRE 17 -----------------------------------------------------------------------------
# Pin by tag; for reproducible builds also pin the digest (docker buildx imagetools inspect <tag>).
FROM eclipse-temurin:17.0.16_8-jre
LABEL org.opencontainers.image.title="pdm" \
      org.opencontainers.image.source="https://github.com/pdm/pdm" \
      org.opencontainers.image.licenses="Apache-2.0"
# A numeric non-root user, so `runAsNonRoot` can be verified by Kubernetes without a passwd lookup.
RUN groupadd --system --gid 10001 pdm \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/pdm --no-create-home pdm \
 && mkdir -p /opt/pdm /var/lib/pdm/models /var/lib/pdm/data /var/lib/pdm/pki /tmp/pdm \
 && chown -R 10001:10001 /var/lib/pdm /tmp/pdm
COPY --from=build /out/ /opt/pdm/
COPY deploy/docker/healthcheck.sh /opt/pdm/bin/healthcheck
COPY deploy/docker/once.sh /opt/pdm/bin/once
# Writable places only: the model cache, the services' data (adapter store), the federation's PKI and temp. Mount them as
# volumes (compose) or emptyDir/PVC (Kubernetes) and run the root filesystem read-only.
# DJL unpacks PyTorch's native library on first use: into the model cache volume, not the read-only home.
# -XX:-UsePerfData: the JVM would otherwise try to write /tmp/hsperfdata_* on the read-only root.
# -XX:+UseG1GC: below 2 CPUs or 1,792 MB (the manifests' limits, e.g. alerting's 1536Mi) the JVM would pick the Serial
# collector; the latency goals (alerting's p99, docs/results/alerting.md) were measured with G1.
ENV PDM_MODEL_CACHE=/var/lib/pdm/models \
    DJL_CACHE_DIR=/var/lib/pdm/models/djl \
    JAVA_TOOL_OPTIONS="-XX:+UseG1GC -XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp/pdm" \
    OMP_NUM_THREADS=1
VOLUME ["/var/lib/pdm/models", "/var/lib/pdm/data", "/var/lib/pdm/pki", "/tmp/pdm"]
USER 10001:10001
WORKDIR /var/lib/pdm
# The base image has no curl: the check is bash's /dev/tcp (healthcheck.sh), no extra package.
# Default: ingest's REST health; other services override it (docker-compose.yml) or have probes (k8s/).
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=4 \
    CMD ["/opt/pdm/bin/healthcheck", "8080", "/api/v1/health"]
ENTRYPOINT ["java", "-jar", "/opt/pdm/pdm.jar"]
CMD ["--help"]
