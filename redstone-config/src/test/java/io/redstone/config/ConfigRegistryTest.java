package io.redstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConfigRegistryTest {
  private final ConfigRegistry config = ConfigRegistry.standard();

  /** Redstone's deliberate departures from Redis's defaults. */
  private static final Map<String, String> REDSTONE_DEFAULTS =
      Map.of("bind", "127.0.0.1 -::1", "appendonly", "yes");

  /** Directives Redis does not have, with their defaults. */
  private static final Map<String, String> REDSTONE_OWN =
      Map.of(
          "metrics-port", "9121",
          "metrics-bind", "127.0.0.1 -::1",
          "metrics-user", "",
          "metrics-password", "",
          "client-output-high-water", "4194304");

  private static final Set<String> ADDED_IN_7_2 =
      Set.of(
          "set-max-listpack-entries",
          "set-max-listpack-value",
          "locale-collate",
          "cluster-announce-human-nodename");

  private static Map<String, String> redisDefaults() throws IOException {
    Map<String, String> defaults = new TreeMap<>();
    try (InputStream in =
        ConfigRegistryTest.class.getResourceAsStream("redis-7.0.15-defaults.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#") && !line.isEmpty()) {
          String[] parts = line.split("\t", 2);
          defaults.put(parts[0], parts[1]);
        }
      }
    }
    return defaults;
  }

  private static List<Map.Entry<String, String>> pairs(String... namesAndValues) {
    List<Map.Entry<String, String>> pairs = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      pairs.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
    }
    return pairs;
  }

  private String setFails(String name, String value) {
    try {
      config.set(name, value);
    } catch (ConfigException e) {
      return ((ConfigSetException) e).reason();
    }
    throw new AssertionError(name + " " + value + " was accepted");
  }

  @Test
  void configGetStarListsExactlyTheDirectivesOfRedisSevenWithTheirDefaults() throws IOException {
    Map<String, String> redis = redisDefaults();
    Map<String, String> ours = new TreeMap<>(config.getMatching(List.of("*")));
    ours.remove("dir");
    for (String added : ADDED_IN_7_2) {
      assertThat(ours.remove(added)).as(added).isNotNull();
    }
    for (Map.Entry<String, String> own : REDSTONE_OWN.entrySet()) {
      assertThat(ours.remove(own.getKey())).as(own.getKey()).isEqualTo(own.getValue());
    }
    assertThat(ours.keySet()).isEqualTo(redis.keySet());
    Map<String, String> expected = new TreeMap<>(redis);
    expected.putAll(REDSTONE_DEFAULTS);
    assertThat(ours).isEqualTo(expected);
    assertThat(config.get("dir")).isEqualTo("./data");
  }

  @Test
  void redstoneDefaultsThatOtherPartsReadParse() {
    assertThat(config.getInt("databases")).isEqualTo(16);
    assertThat(config.getInt("hz")).isEqualTo(10);
    assertThat(config.getLong("proto-max-bulk-len")).isEqualTo(536870912L);
    assertThat(config.get("maxmemory-policy")).isEqualTo("noeviction");
    assertThat(config.get("port")).isEqualTo("6379");
    assertThat(config.get("bind")).isEqualTo("127.0.0.1 -::1");
    assertThat(config.getInt("maxclients")).isEqualTo(10000);
    assertThat(config.get("appendfsync")).isEqualTo("everysec");
    assertThat(config.getBoolean("appendonly")).isTrue();
    assertThat(config.get("no-such-directive")).isNull();
  }

  @Test
  void namesAreCaseInsensitiveAndAliasesShareTheValue() throws ConfigException {
    config.set("SLAVE-PRIORITY", "7");
    assertThat(config.get("replica-priority")).isEqualTo("7");
    assertThat(config.get("Slave-Priority")).isEqualTo("7");
    config.set("hash-max-ziplist-entries", "100");
    assertThat(config.getLong("hash-max-listpack-entries")).isEqualTo(100);
  }

  @Test
  void memoryValuesTakeUnitsAndAreKeptInBytes() throws ConfigException {
    config.set("maxmemory", "1gb");
    assertThat(config.get("maxmemory")).isEqualTo("1073741824");
    config.set("maxmemory", "1k");
    assertThat(config.getLong("maxmemory")).isEqualTo(1000);
    config.set("maxmemory", "64MB");
    assertThat(config.getLong("maxmemory")).isEqualTo(64L * 1024 * 1024);
    config.set("maxmemory", "5b");
    assertThat(config.get("maxmemory")).isEqualTo("5");
    config.set("maxmemory", "18446744073709551615");
    assertThat(config.get("maxmemory")).isEqualTo("18446744073709551615");
    assertThat(config.getLong("maxmemory")).isEqualTo(Long.MAX_VALUE);
    assertThat(setFails("maxmemory", "-1")).isEqualTo("argument must be a memory value");
    assertThat(setFails("maxmemory", "1 kb")).isEqualTo("argument must be a memory value");
    assertThat(setFails("maxmemory", "1tb")).isEqualTo("argument must be a memory value");
    assertThat(setFails("proto-max-bulk-len", "1000"))
        .isEqualTo("argument must be between 1048576 and 9223372036854775807 inclusive");
  }

  @Test
  void integersFollowRedisStrictParsingAndBounds() {
    assertThat(setFails("port", "abc")).isEqualTo("argument couldn't be parsed into an integer");
    assertThat(setFails("port", "007")).isEqualTo("argument couldn't be parsed into an integer");
    assertThat(setFails("port", "+1")).isEqualTo("argument couldn't be parsed into an integer");
    assertThat(setFails("port", "70000"))
        .isEqualTo("argument must be between 0 and 65535 inclusive");
    assertThat(setFails("maxclients", "0"))
        .isEqualTo("argument must be between 1 and 4294967295 inclusive");
    assertThat(setFails("slowlog-log-slower-than", "-2"))
        .isEqualTo("argument must be between -1 and 9223372036854775807 inclusive");
    assertThat(setFails("databases", "0"))
        .isEqualTo("argument must be between 1 and 2147483647 inclusive");
  }

  @Test
  void hzIsAcceptedAtAnyValueButKeptWithinOneToFiveHundred() throws ConfigException {
    config.set("hz", "100000");
    assertThat(config.get("hz")).isEqualTo("500");
    config.set("hz", "0");
    assertThat(config.getInt("hz")).isEqualTo(1);
  }

  @Test
  void percentAndOctalValuesPrintAsRedisDoes() throws ConfigException {
    config.set("maxmemory-clients", "5%");
    assertThat(config.get("maxmemory-clients")).isEqualTo("5%");
    assertThat(config.getLong("maxmemory-clients")).isEqualTo(-5);
    config.set("maxmemory-clients", "0%");
    assertThat(config.get("maxmemory-clients")).isEqualTo("0");
    assertThat(setFails("maxmemory-clients", "200%"))
        .isEqualTo("percentage argument must be less or equal to 100");
    assertThat(setFails("maxmemory-clients", "-5"))
        .isEqualTo("argument must be a memory or percent value");
    config.set("unixsocketperm", "700");
    assertThat(config.get("unixsocketperm")).isEqualTo("700");
    assertThat(config.getInt("unixsocketperm")).isEqualTo(0700);
    assertThat(setFails("unixsocketperm", "999"))
        .isEqualTo("argument couldn't be parsed as an octal number");
    assertThat(setFails("unixsocketperm", "1000"))
        .isEqualTo("argument must be between 0 and 777 inclusive");
  }

  @Test
  void yesNoAndChoicesAreCaseInsensitiveAndPrintedInLowerCase() throws ConfigException {
    config.set("appendonly", "NO");
    assertThat(config.get("appendonly")).isEqualTo("no");
    config.set("maxmemory-policy", "ALLKEYS-LRU");
    assertThat(config.get("maxmemory-policy")).isEqualTo("allkeys-lru");
    config.set("oom-score-adj", "relative");
    assertThat(config.get("oom-score-adj")).isEqualTo("yes");
    assertThat(setFails("appendonly", "maybe")).isEqualTo("argument must be 'yes' or 'no'");
    assertThat(setFails("appendfsync", "sometimes"))
        .isEqualTo("argument(s) must be one of the following: everysec, always, no");
  }

  @Test
  void shutdownOptionsAreASetOfWords() throws ConfigException {
    config.set("shutdown-on-sigterm", "now NOSAVE");
    assertThat(config.get("shutdown-on-sigterm")).isEqualTo("nosave now");
    config.set("shutdown-on-sigterm", "default now");
    assertThat(config.get("shutdown-on-sigterm")).isEqualTo("now");
    assertThat(setFails("shutdown-on-sigterm", "save nosave"))
        .isEqualTo("shutdown options SAVE and NOSAVE can't be used simultaneously");
    assertThat(setFails("shutdown-on-sigterm", ""))
        .isEqualTo("argument(s) must be one of the following: default, save, nosave, now, force");
  }

  @Test
  void saveRulesAreValidatedPairs() throws ConfigException {
    config.set("save", "900 1 300 10");
    assertThat(config.get("save")).isEqualTo("900 1 300 10");
    config.set("save", "");
    assertThat(config.get("save")).isEmpty();
    assertThat(setFails("save", "1 2 3")).isEqualTo("Invalid save parameters");
    assertThat(setFails("save", "0 1")).isEqualTo("Invalid save parameters");
    assertThat(setFails("save", "60 -1")).isEqualTo("Invalid save parameters");
    assertThat(setFails("save", "3600  1")).isEqualTo("Invalid save parameters");
    assertThat(setFails("save", " ")).isEqualTo("Invalid save parameters");
  }

  @Test
  void clientOutputBufferLimitChangesOnlyTheNamedClasses() throws ConfigException {
    config.set("client-output-buffer-limit", "replica 1mb 2mb 3 pubsub 1 2 3");
    assertThat(config.get("client-output-buffer-limit"))
        .isEqualTo("normal 0 0 0 slave 1048576 2097152 3 pubsub 1 2 3");
    assertThat(setFails("client-output-buffer-limit", "normal 1 2"))
        .isEqualTo("Wrong number of arguments in buffer limit configuration.");
    assertThat(setFails("client-output-buffer-limit", "master 1 2 3"))
        .isEqualTo("Invalid client class specified in buffer limit configuration.");
    assertThat(setFails("client-output-buffer-limit", "normal 1x 2 3"))
        .isEqualTo("Error in hard, soft or soft_seconds setting in buffer limit configuration.");
  }

  @Test
  void keyspaceEventsKeepNewKeyEventsThatThePrintoutDropsBesideA() throws ConfigException {
    config.set("notify-keyspace-events", "KEAn");
    assertThat(shown("notify-keyspace-events")).isEqualTo("AKE");
    assertThat(config.get("notify-keyspace-events")).contains("n");
    config.set("notify-keyspace-events", "KEA");
    assertThat(config.get("notify-keyspace-events")).doesNotContain("n");
  }

  private String shown(String name) {
    return config.getMatching(java.util.List.of(name)).get(name);
  }

  @Test
  void keyspaceEventsPrintInCanonicalOrder() throws ConfigException {
    config.set("notify-keyspace-events", "KEA");
    assertThat(config.get("notify-keyspace-events")).isEqualTo("AKE");
    config.set("notify-keyspace-events", "Ex");
    assertThat(config.get("notify-keyspace-events")).isEqualTo("xE");
    config.set("notify-keyspace-events", "g$lshzxetd");
    assertThat(config.get("notify-keyspace-events")).isEqualTo("A");
    config.set("notify-keyspace-events", "Amn");
    assertThat(shown("notify-keyspace-events")).isEqualTo("Am");
    config.set("notify-keyspace-events", "nEK");
    assertThat(shown("notify-keyspace-events")).isEqualTo("nKE");
    assertThat(setFails("notify-keyspace-events", "Q"))
        .isEqualTo("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  }

  @Test
  void specialListsValidateLikeRedis() throws ConfigException {
    assertThat(setFails("oom-score-adj-values", "1 2")).isEqualTo("wrong number of arguments");
    assertThat(setFails("oom-score-adj-values", "1 2 9999"))
        .isEqualTo("Invalid oom-score-adj-values, elements must be between -2000 and 2000.");
    config.set("latency-tracking-info-percentiles", "50 99.9 100");
    assertThat(config.get("latency-tracking-info-percentiles")).isEqualTo("50 99.9 100");
    assertThat(setFails("latency-tracking-info-percentiles", "50 101"))
        .isEqualTo("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
    assertThat(setFails("bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"))
        .isEqualTo("Too many bind addresses specified.");
    config.set("bind", "");
    assertThat(config.get("bind")).isEmpty();
    assertThat(setFails("dbfilename", "a/b"))
        .isEqualTo("dbfilename can't be a path, just a filename");
    assertThat(setFails("appendfilename", "")).isEqualTo("appendfilename can't be empty");
    assertThat(setFails("proc-title-template", "{title}"))
        .isEqualTo("template format is invalid or contains unknown variables");
    config.set("proc-title-template", "{title} {{x}}");
  }

  @Test
  void setOfUnknownDirectiveNamesIt() {
    assertThatThrownBy(() -> config.set("foo", "bar"))
        .hasMessage("Unknown option or number of arguments for CONFIG SET - 'foo'");
  }

  @Test
  void configSetRefusesImmutableAndProtectedDirectives() {
    assertThatThrownBy(() -> config.configSet(pairs("databases", "3"), true))
        .hasMessage(
            "CONFIG SET failed (possibly related to argument 'databases') - can't set immutable"
                + " config");
    assertThatThrownBy(() -> config.configSet(pairs("dir", "/tmp"), true))
        .hasMessage(
            "CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
  }

  @Test
  void protectedDirectivesFollowEnableProtectedConfigs() throws ConfigException {
    config.set("enable-protected-configs", "local");
    assertThatThrownBy(() -> config.configSet(pairs("dir", "/tmp"), false))
        .hasMessageEndingWith("can't set protected config");
    config.configSet(pairs("dir", "/tmp"), true);
    assertThat(config.get("dir")).isEqualTo("/tmp");
  }

  @Test
  void configSetIsAllOrNothing() {
    assertThatThrownBy(
            () -> config.configSet(pairs("maxmemory", "10mb", "port", "abc", "hz", "20"), true))
        .hasMessage(
            "CONFIG SET failed (possibly related to argument 'port') - argument couldn't be"
                + " parsed into an integer");
    assertThat(config.get("maxmemory")).isEqualTo("0");
    assertThat(config.get("port")).isEqualTo("6379");
    assertThat(config.get("hz")).isEqualTo("10");
  }

  @Test
  void aChangeThatFailsLaterPutsTheRestOfItsConfigSetBack() throws ConfigSetException {
    List<String> applied = new ArrayList<>();
    config.onChange("maxmemory", applied::add);

    ConfigRegistry.ConfigSetChange change =
        config.configSet(pairs("maxmemory", "10mb", "hz", "20", "port", "6379"), true);
    assertThat(change.changed()).as("port kept its value").containsExactly("maxmemory", "hz");

    change.rollBackAllBut("hz");
    assertThat(config.get("maxmemory")).isEqualTo("0");
    assertThat(applied).as("put into effect again").containsExactly("10485760", "0");
    assertThat(config.get("hz")).as("its owner puts it back").isEqualTo("20");
  }

  @Test
  void configSetReportsTheFirstProblemFoundAmongTheNames() {
    assertThatThrownBy(() -> config.configSet(pairs("maxmemory", "1zz", "foo", "1"), true))
        .isInstanceOfSatisfying(
            ConfigSetException.class,
            e -> {
              assertThat(e.unknownOption()).isTrue();
              assertThat(e.argument()).isEqualTo("foo");
            });
    assertThatThrownBy(() -> config.configSet(pairs("daemonize", "no", "foo", "1"), true))
        .hasMessageEndingWith("'daemonize') - can't set immutable config");
    assertThatThrownBy(() -> config.configSet(pairs("port", "1", "PORT", "2"), true))
        .hasMessageEndingWith("'PORT') - duplicate parameter");
  }

  @Test
  void theMetricsEndpointsDirectivesAreSetAtStartOnly() {
    List<String> names =
        List.of("metrics-port", "metrics-bind", "metrics-user", "metrics-password");
    for (String name : names) {
      assertThat(config.param(name).has(ParamFlag.IMMUTABLE)).as(name).isTrue();
      assertThat(config.param(name).implemented()).as(name).isTrue();
    }
    assertThatThrownBy(() -> config.configSet(pairs("metrics-bind", "0.0.0.0"), true))
        .hasMessageEndingWith("'metrics-bind') - can't set immutable config");
    assertThatThrownBy(() -> config.configSet(pairs("metrics-password", "x"), true))
        .hasMessageEndingWith("'metrics-password') - can't set immutable config");
    assertThat(config.param("metrics-password").has(ParamFlag.SENSITIVE)).isTrue();
    assertThat(config.getMatching(List.of("metrics-*")))
        .containsOnlyKeys(names.toArray(String[]::new));
  }

  @Test
  void configSetMayNameADirectiveAndItsAlias() throws ConfigSetException {
    config.configSet(pairs("replica-priority", "1", "slave-priority", "2"), true);
    assertThat(config.get("replica-priority")).isEqualTo("2");
  }

  @Test
  void aFailingApplierRollsBackEveryPairOfTheCommand() {
    List<String> applied = new ArrayList<>();
    config.onChange("maxmemory", applied::add);
    config.onApply(
        "port",
        value -> {
          throw new ConfigException("Unable to listen on this port. Check server logs.");
        });
    assertThatThrownBy(() -> config.configSet(pairs("maxmemory", "1mb", "port", "7000"), true))
        .hasMessage(
            "CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this"
                + " port. Check server logs.");
    assertThat(config.get("maxmemory")).isEqualTo("0");
    assertThat(config.get("port")).isEqualTo("6379");
    assertThat(applied).containsExactly("1048576", "0");
  }

  @Test
  void listenersHearOnlyRealChanges() throws ConfigException {
    List<String> seen = new ArrayList<>();
    config.onChange("maxmemory-policy", seen::add);
    config.set("maxmemory-policy", "noeviction");
    config.set("maxmemory-policy", "allkeys-lru");
    config.set("maxmemory-policy", "ALLKEYS-LRU");
    assertThat(seen).containsExactly("allkeys-lru");
  }

  @Test
  void unimplementedDirectivesAwayFromTheirDefaultAreReported() throws ConfigException {
    List<String> noticed = new ArrayList<>();
    config.onUnimplementedChange(noticed::add);
    config.set("maxmemory", "1mb");
    config.set("maxmemory", "2mb");
    config.set("activerehashing", "yes");
    config.set("requirepass", "secret");
    assertThat(config.unimplementedChanges()).containsExactly("maxmemory");
    assertThat(noticed).containsExactly("maxmemory");
    assertThat(config.param("maxmemory").implemented()).isFalse();
    assertThat(config.param("requirepass").implemented()).isTrue();
  }

  @Test
  void globPatternsSkipHiddenDirectivesWhichExactNamesFind() {
    assertThat(config.getMatching(List.of("key-load*"))).isEmpty();
    assertThat(config.getMatching(List.of("key-load-delay"))).containsEntry("key-load-delay", "0");
  }

  @Test
  void configGetShowsExactNamesAsGivenAndEachDirectiveOnce() {
    Map<String, String> found = config.getMatching(List.of("PORT", "port", "Po*"));
    assertThat(found).isEqualTo(new LinkedHashMap<>(Map.of("PORT", "6379")));
    assertThat(config.getMatching(List.of("slave*")).keySet())
        .containsExactly(
            "slave-announce-ip",
            "slave-announce-port",
            "slave-ignore-maxmemory",
            "slave-lazy-flush",
            "slave-priority",
            "slave-read-only",
            "slave-serve-stale-data",
            "slaveof");
  }
}
