package io.redstone.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.server.testing.RespClient;
import io.redstone.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files agree with each other and with the server, read as Docker, Prometheus and
 * Grafana would read them: no engine is needed to catch a wrong port, a target naming a service
 * that does not exist, or a dashboard panel querying a metric nobody exports.
 */
class DeployConfigTest {
  private static final Path ROOT = ProjectFiles.root();

  @Test
  void composePublishesTheServerAndMetricsPortsAndKeepsDataInNamedVolumes() throws IOException {
    Map<String, Object> compose = yaml("docker-compose.yml");
    Map<String, Object> services = map(compose.get("services"));
    assertThat(services).containsKeys("redstone", "prometheus", "grafana");

    Map<String, Object> redstone = map(services.get("redstone"));
    assertThat(redstone.get("build")).isEqualTo(".");
    assertThat(strings(redstone.get("ports"))).contains("6379:6379", "127.0.0.1:9121:9121");
    List<String> command = strings(redstone.get("command"));
    assertThat(flag(command, "--metrics-port")).isEqualTo("9121");
    assertThat(flag(command, "--bind")).isEqualTo("0.0.0.0");
    assertThat(flag(command, "--dir")).isEqualTo("/data");
    assertThat(strings(redstone.get("volumes"))).contains("redstone-data:/data");

    Map<String, Object> volumes = map(compose.get("volumes"));
    assertThat(volumes).containsKeys("redstone-data", "prometheus-data", "grafana-data");
    assertThat(strings(map(services.get("prometheus")).get("volumes")))
        .contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
  }

  @Test
  void prometheusScrapesTheRedstoneServiceOnItsMetricsPort() throws IOException {
    Map<String, Object> prometheus = yaml("deploy/prometheus/prometheus.yml");
    List<Object> jobs = list(prometheus.get("scrape_configs"));
    assertThat(jobs).hasSize(1);
    Map<String, Object> job = map(jobs.get(0));
    assertThat(job.get("metrics_path")).isEqualTo("/metrics");
    List<String> targets = strings(map(list(job.get("static_configs")).get(0)).get("targets"));
    assertThat(targets).containsExactly("redstone:9121");
  }

  /**
   * The metrics port is open to the Compose network, where Prometheus scrapes it, only with
   * credentials, and Prometheus has the same ones: the user in prometheus.yml, the password from
   * the file Compose writes from the variable the server's command line reads. On the host it is
   * published on the loopback only.
   */
  @Test
  void composeOpensTheMetricsPortOnlyWithCredentialsPrometheusHas() throws IOException {
    Map<String, Object> compose = yaml("docker-compose.yml");
    Map<String, Object> services = map(compose.get("services"));
    Map<String, Object> redstone = map(services.get("redstone"));
    for (String port : strings(redstone.get("ports"))) {
      if (port.endsWith(":9121")) {
        assertThat(port).as("published on the host's loopback only").startsWith("127.0.0.1:");
      }
    }
    List<String> command = strings(redstone.get("command"));
    assertThat(flag(command, "--metrics-bind")).isEqualTo("0.0.0.0");
    String user = flag(command, "--metrics-user");
    String password = flag(command, "--metrics-password");
    assertThat(password).matches("\\$\\{REDSTONE_METRICS_PASSWORD:-[^}]+\\}");

    Map<String, Object> job =
        map(list(yaml("deploy/prometheus/prometheus.yml").get("scrape_configs")).get(0));
    Map<String, Object> basicAuth = map(job.get("basic_auth"));
    assertThat(basicAuth.get("username")).isEqualTo(user);
    assertThat(basicAuth).doesNotContainKey("password");
    Object passwordFile = basicAuth.get("password_file");

    Map<String, Object> mount = map(list(map(services.get("prometheus")).get("configs")).get(0));
    assertThat(mount.get("target")).isEqualTo(passwordFile);
    Map<String, Object> config = map(map(compose.get("configs")).get(mount.get("source")));
    assertThat(config.get("content")).isEqualTo(password);
  }

  /**
   * What Compose gives the server (with the password variable at its default), the server takes,
   * and the credentials Prometheus is given open it: checked on the loopback, without Docker.
   */
  @Test
  void theComposeCredentialsOpenTheEndpoint() throws Exception {
    Map<String, Object> services = map(yaml("docker-compose.yml").get("services"));
    List<String> command = strings(map(services.get("redstone")).get("command"));
    String user = flag(command, "--metrics-user");
    String password = interpolatedDefault(flag(command, "--metrics-password"));
    int metricsPort = TestServer.freePort();
    try (TestServer server =
        TestServer.start(
            "--metrics-port", String.valueOf(metricsPort),
            "--metrics-user", user,
            "--metrics-password", password)) {
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
      String credentials =
          Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> scraped =
          http.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Basic " + credentials).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("redis_up 1.0");
      assertThat(
              http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
    }
  }

  /** {@code ${NAME:-default}} as Compose reads it with NAME unset. */
  private static String interpolatedDefault(String value) {
    Matcher matcher = Pattern.compile("\\$\\{[A-Z_]+:-([^}]*)\\}").matcher(value);
    assertThat(matcher.matches()).as(value).isTrue();
    return matcher.group(1);
  }

  @Test
  void grafanaFindsPrometheusAndTheDashboardWhereComposeMountsThem() throws IOException {
    Map<String, Object> datasources =
        yaml("deploy/grafana/provisioning/datasources/prometheus.yml");
    Map<String, Object> source = map(list(datasources.get("datasources")).get(0));
    assertThat(source.get("type")).isEqualTo("prometheus");
    assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
    assertThat(source.get("uid")).isEqualTo("prometheus");

    Map<String, Object> providers = yaml("deploy/grafana/provisioning/dashboards/redstone.yml");
    Map<String, Object> provider = map(list(providers.get("providers")).get(0));
    String path = (String) map(provider.get("options")).get("path");
    Map<String, Object> services = map(yaml("docker-compose.yml").get("services"));
    assertThat(strings(map(services.get("grafana")).get("volumes")))
        .contains("./deploy/grafana/dashboards:" + path + ":ro")
        .contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro");
    assertThat(strings(map(services.get("prometheus")).get("ports"))).contains("9090:9090");
    assertThat(ROOT.resolve("deploy/grafana/dashboards/redstone.json")).exists();
  }

  @Test
  void theDockerfileExposesBothPortsRunsAsNonRootAndChecksHealth() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
    assertThat(dockerfile)
        .containsPattern("(?m)^FROM maven:[^ ]+ AS build$")
        .containsPattern("(?m)^FROM eclipse-temurin:17-jre$")
        .containsPattern("(?m)^EXPOSE 6379 9121$")
        .containsPattern("(?m)^USER redstone$")
        .containsPattern("(?m)^VOLUME /data$")
        .containsPattern("(?m)^HEALTHCHECK .*")
        .contains("redis-cli -p 6379 ping");
    assertThat(Files.readString(ROOT.resolve(".dockerignore"), StandardCharsets.UTF_8))
        .contains("**/target");
  }

  /**
   * Every redis_* and redstone_* series the dashboard queries is one a server with the log on
   * actually exports, so no panel stays empty for a misspelt name.
   */
  /**
   * Maven refuses to read a reactor whose listed modules are missing, even when building only some
   * of them: the image's build stage must have every module the parent pom lists.
   */
  @Test
  void theDockerfileCopiesEveryModuleTheParentPomLists() throws IOException {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"), StandardCharsets.UTF_8);
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    java.util.regex.Matcher module =
        java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    int modules = 0;
    while (module.find()) {
      modules++;
      assertThat(dockerfile)
          .as("module " + module.group(1))
          .contains("COPY " + module.group(1) + " ");
    }
    assertThat(modules).isGreaterThanOrEqualTo(5);
  }

  @Test
  void everyMetricTheDashboardQueriesIsExported(@TempDir Path dir) throws Exception {
    String dashboard =
        Files.readString(
            ROOT.resolve("deploy/grafana/dashboards/redstone.json"), StandardCharsets.UTF_8);
    Set<String> queried = new TreeSet<>();
    Matcher exprs = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(dashboard);
    while (exprs.find()) {
      Matcher names = Pattern.compile("\\b((?:redis|redstone)_[a-z0-9_]+)").matcher(exprs.group(1));
      while (names.find()) {
        queried.add(names.group(1));
      }
    }
    assertThat(queried).contains("redis_commands_total", "redis_db_keys", "redis_up");

    int metricsPort = TestServer.freePort();
    try (TestServer server =
        TestServer.start(
            "--appendonly",
            "yes",
            "--dir",
            dir.toString(),
            "--metrics-port",
            String.valueOf(metricsPort))) {
      try (RespClient client = server.connect()) {
        client.call("SET", "k", "v");
      }
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Set<String> exported = new TreeSet<>();
      for (String line : response.body().split("\n")) {
        Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
        if (!line.startsWith("#") && name.find()) {
          exported.add(name.group(1));
        }
      }
      assertThat(exported).containsAll(queried);
    }
  }

  private static String flag(List<String> command, String name) {
    int at = command.indexOf(name);
    assertThat(at).as("%s in %s", name, command).isGreaterThanOrEqualTo(0);
    return command.get(at + 1);
  }

  private static Map<String, Object> yaml(String file) throws IOException {
    String text = Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    return map(new Yaml().load(text));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
