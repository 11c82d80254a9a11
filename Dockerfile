# Redstone in a container: built from source with Maven, run on a JRE as a non-root user.
#   docker build -t redstone .
#   docker run -p 6379:6379 -v redstone-data:/data redstone
# Arguments after the image name replace the defaults below, as redis-server flags:
#   docker run redstone --bind 0.0.0.0 --dir /data --appendfsync always
# The metrics endpoint (9121) listens on the container's loopback unless told otherwise. To
# scrape it from outside the container, add to the arguments above
#   --metrics-bind 0.0.0.0 --metrics-user prometheus --metrics-password "$METRICS_PASSWORD"
# and publish it where only the scraper reaches it, as -p 127.0.0.1:9121:9121 does
# (docs/metrics.md, "Exposing the endpoint safely").

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY redstone-protocol redstone-protocol
COPY redstone-config redstone-config
COPY redstone-storage redstone-storage
COPY redstone-persistence redstone-persistence
COPY redstone-server redstone-server
# Not built here, but Maven will not read a reactor with a listed module missing.
COPY redstone-benchmarks redstone-benchmarks
# The tests ran where the source was committed; the image only needs the runnable jar, which
# carries Netty's native epoll libraries for both x86_64 and aarch64.
RUN mvn -B -q -pl redstone-server -am -DskipTests package

FROM eclipse-temurin:17-jre
# redis-cli for the health check and for poking at the server from inside the container.
RUN apt-get update \
    && apt-get install -y --no-install-recommends redis-tools \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system redstone \
    && useradd --system --gid redstone --home-dir /data --no-create-home redstone \
    && mkdir -p /data /opt/redstone \
    && chown redstone:redstone /data
COPY --from=build /src/redstone-server/target/redstone.jar /opt/redstone/redstone.jar
USER redstone
WORKDIR /data
VOLUME /data
# 6379: RESP clients; 9121: Prometheus metrics at /metrics (see --metrics-bind above).
EXPOSE 6379 9121
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD redis-cli -p 6379 ping | grep -q PONG || exit 1
# The heap follows the container's memory limit; an OutOfMemoryError ends the process so the
# orchestrator restarts it, rather than leaving a server that answers some commands and not others.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/redstone/redstone.jar"]
CMD ["--bind", "0.0.0.0", "--dir", "/data"]
