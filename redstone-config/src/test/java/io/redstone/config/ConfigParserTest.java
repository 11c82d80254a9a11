package io.redstone.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
  private final ConfigRegistry config = ConfigRegistry.standard();
  private final Map<String, String> files = new HashMap<>();
  private final ConfigLoader loader =
      new ConfigLoader(
          config,
          path -> {
            String text = files.get(path);
            if (text == null) {
              throw new FileNotFoundException("No such file or directory");
            }
            return text;
          });

  private ConfigFileException loadFails(String text) {
    try {
      loader.loadText("redis.conf", text);
    } catch (ConfigFileException e) {
      return e;
    }
    throw new AssertionError("loaded: " + text);
  }

  // --- Tokenizer -------------------------------------------------------------------------------

  @Test
  void splitsOnBlanksAndHonoursBothQuoteStyles() {
    assertThat(ConfigSyntax.split("  set  a\tb ")).containsExactly("set", "a", "b");
    assertThat(ConfigSyntax.split("x \"a b\" 'c d' \"\"")).containsExactly("x", "a b", "c d", "");
    assertThat(ConfigSyntax.split("foo\"bar\"")).containsExactly("foobar");
  }

  @Test
  void doubleQuotesUnderstandEscapes() {
    assertThat(ConfigSyntax.split("\"a\\nb\\t\\x41\\\"\\\\\\q\"")).containsExactly("a\nb\tA\"\\q");
    assertThat(ConfigSyntax.split("'it\\'s' 'a\\nb'")).containsExactly("it's", "a\\nb");
  }

  @Test
  void unbalancedOrRunOnQuotesAreRefused() {
    assertThat(ConfigSyntax.split("port \"abc")).isNull();
    assertThat(ConfigSyntax.split("port \"12\"x")).isNull();
    assertThat(ConfigSyntax.split("x 'abc")).isNull();
    assertThat(ConfigSyntax.split("x 'a'b")).isNull();
  }

  @Test
  void quoteRoundTripsThroughSplit() {
    String nasty = "a \"b\" \\ \n\t\u0001é";
    assertThat(ConfigSyntax.quote("ab c")).isEqualTo("\"ab c\"");
    assertThat(ConfigSyntax.quote("\u0001")).isEqualTo("\"\\x01\"");
    assertThat(ConfigSyntax.split(ConfigSyntax.quote(nasty))).containsExactly(nasty);
  }

  // --- Config files ----------------------------------------------------------------------------

  @Test
  void loadsAGoodFileWithCommentsBlankLinesQuotesAndUnits() throws ConfigFileException {
    loader.loadText(
        "redis.conf",
        "# Redstone test\n"
            + "\n"
            + "   # indented comment\n"
            + "PORT 7000\r\n"
            + "maxmemory 64mb\n"
            + "requirepass \"p@ss word\"\n"
            + "client-output-buffer-limit normal 0 0 0\n"
            + "bind 127.0.0.1 ::1\n"
            + "list-max-ziplist-entries 512\n");
    assertThat(config.get("port")).isEqualTo("7000");
    assertThat(config.get("maxmemory")).isEqualTo("67108864");
    assertThat(config.get("requirepass")).isEqualTo("p@ss word");
    assertThat(config.get("bind")).isEqualTo("127.0.0.1 ::1");
    assertThat(config.unimplementedChanges()).containsExactly("maxmemory");
  }

  @Test
  void immutableDirectivesMayBeSetAtStartUp() throws ConfigFileException {
    loader.loadText("redis.conf", "databases 4\ndaemonize no\nappendfilename my.aof\n");
    assertThat(config.getInt("databases")).isEqualTo(4);
    assertThat(config.get("appendfilename")).isEqualTo("my.aof");
  }

  @Test
  void theMetricsEndpointsDirectivesLoadFromAFileAndTheCommandLine() throws ConfigFileException {
    assertThat(config.get("metrics-bind")).isEqualTo("127.0.0.1 -::1");
    assertThat(config.get("metrics-user")).isEmpty();
    assertThat(config.get("metrics-password")).isEmpty();
    loader.loadText(
        "redis.conf",
        "metrics-bind 10.0.0.5 -::1\nmetrics-user prometheus\nmetrics-password \"p:ss word\"\n");
    assertThat(config.get("metrics-bind")).isEqualTo("10.0.0.5 -::1");
    assertThat(config.get("metrics-user")).isEqualTo("prometheus");
    assertThat(config.get("metrics-password")).isEqualTo("p:ss word");

    CommandLine cli =
        CommandLine.parse(
            "--metrics-bind", "0.0.0.0", "--metrics-user", "u", "--metrics-password", "p");
    loader.loadText(CommandLine.SOURCE, cli.options());
    loader.finish();
    assertThat(config.get("metrics-bind")).isEqualTo("0.0.0.0");
    assertThat(config.get("metrics-user")).isEqualTo("u");
    assertThat(config.get("metrics-password")).isEqualTo("p");
    // One argument holding several addresses is split again, as for bind.
    loader.loadText(CommandLine.SOURCE, CommandLine.parse("--metrics-bind", "* -::*").options());
    assertThat(config.get("metrics-bind")).isEqualTo("* -::*");
  }

  @Test
  void aMetricsUserNameCannotHoldAColon() {
    ConfigFileException e = loadFails("metrics-user a:b");
    assertThat(e.reason()).isEqualTo("a basic-auth user name can't contain ':'");
  }

  @Test
  void metricsUserAndPasswordGoTogether() throws ConfigFileException {
    loader.loadText("redis.conf", "metrics-user prometheus\n");
    assertThatThrownBy(loader::finish)
        .isInstanceOfSatisfying(
            ConfigFileException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(
                        "metrics-user and metrics-password go together: set both, or neither"));

    ConfigLoader other = new ConfigLoader(ConfigRegistry.standard(), path -> "");
    other.loadText(CommandLine.SOURCE, "metrics-password \"s3cret\"");
    assertThatThrownBy(other::finish).isInstanceOf(ConfigFileException.class);
  }

  @Test
  void anErrorReportLeavesOutTheValueOfASecret() {
    ConfigFileException e = loadFails("metrics-password s3cret typo");
    assertThat(e.reason()).isEqualTo("wrong number of arguments");
    assertThat(e.line()).isEqualTo("metrics-password (redacted)");
    assertThat(e.getMessage()).doesNotContain("s3cret");
    assertThat(e.report("7.0.15")).doesNotContain("s3cret");

    e = loadFails("REQUIREPASS \"s3cret");
    assertThat(e.line()).isEqualTo("REQUIREPASS (redacted)");
    assertThat(loadFails("port 1 2").line()).isEqualTo("port 1 2");
  }

  @Test
  void saveLinesAddUpAndAnEmptySaveClearsThem() throws ConfigFileException {
    loader.loadText("redis.conf", "save 3600 1\nsave 300 100\n");
    assertThat(config.get("save")).isEqualTo("3600 1 300 100");
    loader.loadText(CommandLine.SOURCE, "save \"\"");
    assertThat(config.get("save")).isEmpty();
    loader.loadText(CommandLine.SOURCE, "save 30 2");
    assertThat(config.get("save")).isEqualTo("30 2");
  }

  @Test
  void withoutSaveLinesTheDefaultRulesStay() throws ConfigFileException {
    loader.loadText("redis.conf", "port 7000\n");
    assertThat(config.get("save")).isEqualTo("3600 1 300 100 60 10000");
  }

  @Test
  void unknownDirectiveNamesSourceLineAndText() {
    ConfigFileException e = loadFails("port 7000\n\nfoo bar\n");
    assertThat(e.source()).isEqualTo("redis.conf");
    assertThat(e.lineNumber()).isEqualTo(3);
    assertThat(e.line()).isEqualTo("foo bar");
    assertThat(e.reason()).isEqualTo("Bad directive or wrong number of arguments");
    assertThat(e.report("7.2.4"))
        .isEqualTo(
            "\n*** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***\n"
                + "Reading the configuration file redis.conf, at line 3\n"
                + ">>> 'foo bar'\n"
                + "Bad directive or wrong number of arguments");
  }

  @Test
  void everyKindOfBadLineGetsRedisReason() {
    assertThat(loadFails("port 1 2").reason()).isEqualTo("wrong number of arguments");
    assertThat(loadFails("maxmemory 10mb 20").reason()).isEqualTo("wrong number of arguments");
    assertThat(loadFails("port").reason()).isEqualTo("wrong number of arguments");
    assertThat(loadFails("appendonly maybe").reason()).isEqualTo("argument must be 'yes' or 'no'");
    assertThat(loadFails("port \"abc").reason())
        .isEqualTo("Unbalanced quotes in configuration line");
    assertThat(loadFails("save 1 2 3").reason()).isEqualTo("Invalid save parameters");
    assertThat(loadFails("databases 0").reason())
        .isEqualTo("argument must be between 1 and 2147483647 inclusive");
    assertThat(loadFails("loglevel loud").reason())
        .isEqualTo(
            "argument(s) must be one of the following: debug, verbose, notice, warning, nothing");
    assertThat(loadFails("maxmemory lots").reason()).isEqualTo("argument must be a memory value");
    assertThat(loadFails("replicaof localhost 99999").reason()).isEqualTo("Invalid master port");
    assertThat(loadFails("mymodule.option 1").reason())
        .startsWith("Module Configuration detected without loadmodule directive");
    assertThat(loadFails("sentinel monitor x").reason())
        .isEqualTo("sentinel directive while not in sentinel mode");
  }

  @Test
  void lineTextIsReportedTrimmed() {
    ConfigFileException e = loadFails("  \t port abc  \r\n");
    assertThat(e.line()).isEqualTo("port abc");
    assertThat(e.lineNumber()).isEqualTo(1);
  }

  @Test
  void nonSettingDirectivesAreRecordedAsUnsupported() throws ConfigFileException {
    loader.loadText(
        "redis.conf", "rename-command CONFIG \"\"\nuser alice on >pw ~* +@all\nloadmodule x.so\n");
    assertThat(loader.unsupportedDirectives())
        .containsExactly("rename-command", "user", "loadmodule");
  }

  @Test
  void includeLoadsTheOtherFileInPlace() throws ConfigFileException {
    files.put("common.conf", "port 7001\nmaxmemory 1mb\n");
    loader.loadText("redis.conf", "port 7000\ninclude common.conf\nmaxmemory 2mb\n");
    assertThat(config.get("port")).isEqualTo("7001");
    assertThat(config.get("maxmemory")).isEqualTo("2097152");
  }

  @Test
  void errorsInAnIncludedFileNameThatFile() {
    files.put("common.conf", "# shared\nhz fast\n");
    ConfigFileException e = loadFails("include common.conf\n");
    assertThat(e.source()).isEqualTo("common.conf");
    assertThat(e.lineNumber()).isEqualTo(2);
    assertThat(e.reason()).isEqualTo("argument couldn't be parsed into an integer");
  }

  @Test
  void aMissingIncludeIsFatal() {
    ConfigFileException e = loadFails("include /nonexistent.conf\n");
    assertThat(e.reason())
        .isEqualTo(
            "Fatal error, can't open config file '/nonexistent.conf': No such file or directory");
    assertThat(e.line()).isEqualTo("include /nonexistent.conf");
  }

  @Test
  void includeLoopsStop() {
    files.put("a.conf", "include a.conf\n");
    assertThat(loadFails("include a.conf").reason()).startsWith("include nesting deeper than");
  }

  @Test
  void replicaofIsRefusedInClusterMode() throws ConfigFileException {
    loader.loadText("redis.conf", "cluster-enabled yes\nreplicaof 10.0.0.1 6379\n");
    assertThatThrownBy(loader::finish)
        .isInstanceOfSatisfying(
            ConfigFileException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo("replicaof directive not allowed in cluster mode"));
  }

  // --- Command line ----------------------------------------------------------------------------

  @Test
  void eachDoubleDashNameStartsALineAndValuesAreQuoted() {
    CommandLine cli = CommandLine.parse("--port", "7000", "--save", "60 1", "--bind", "a", "b");
    assertThat(cli.configFile()).isNull();
    assertThat(cli.options()).isEqualTo("port \"7000\" \nsave \"60 1\" \nbind \"a\" \"b\" ");
  }

  @Test
  void aFirstArgumentWithoutDashIsTheConfigFile() {
    CommandLine cli = CommandLine.parse("/etc/redis.conf", "--port", "7000");
    assertThat(cli.configFile()).isEqualTo("/etc/redis.conf");
    assertThat(cli.options()).isEqualTo("port \"7000\" ");
  }

  @Test
  void bareSaveMeansNoSnapshotRules() {
    assertThat(CommandLine.parse("--port", "7733", "--save", "--appendonly", "maybe").options())
        .isEqualTo("port \"7733\" \nsave \"\"\nappendonly \"maybe\" ");
    assertThat(CommandLine.parse("--save").options()).isEqualTo("save \"\"");
  }

  @Test
  void aNameWithoutValueTakesTheNextArgumentEvenIfDashed() {
    assertThat(CommandLine.parse("--loglevel", "--appendonly").options())
        .isEqualTo("loglevel \"--appendonly\" ");
  }

  @Test
  void aNameCarryingItsValueInOneArgumentEndsTheGroup() {
    assertThat(CommandLine.parse("--port 7733", "--bind", "a b", "--foo").options())
        .isEqualTo("port 7733 \nbind \"a b\" \nfoo ");
    assertThat(CommandLine.parse("--port", "7733", "--save 1", "2", "3").options())
        .isEqualTo("port \"7733\" \nsave 1 \"2\" \"3\" ");
  }

  @Test
  void aLoneDashReadsStandardInput() {
    assertThat(CommandLine.parse("-", "--port", "1").readStdin()).isTrue();
    assertThat(CommandLine.parse("--port", "1", "-").readStdin()).isTrue();
  }

  @Test
  void startupLoadsFileThenCommandLine() throws ConfigFileException {
    files.put("redis.conf", "port 7000\nappendonly no\n");
    loader.loadStartup(CommandLine.parse("redis.conf", "--port", "7001", "--save", "60 1"));
    assertThat(config.get("port")).isEqualTo("7001");
    assertThat(config.get("appendonly")).isEqualTo("no");
    assertThat(config.get("save")).isEqualTo("60 1");
  }

  @Test
  void commandLineErrorsNameTheCommandLineAndQuoteTheValue() {
    CommandLine cli = CommandLine.parse("--port", "7000", "--port", "abc");
    assertThatThrownBy(() -> loader.loadStartup(cli))
        .isInstanceOfSatisfying(
            ConfigFileException.class,
            e -> {
              assertThat(e.source()).isEqualTo(CommandLine.SOURCE);
              assertThat(e.lineNumber()).isEqualTo(2);
              assertThat(e.line()).isEqualTo("port \"abc\"");
              assertThat(e.reason()).isEqualTo("argument couldn't be parsed into an integer");
            });
  }

  // --- CONFIG REWRITE text ---------------------------------------------------------------------

  @Test
  void rewriteKeepsCommentsAndUnknownLinesAndUpdatesInPlace() throws ConfigException {
    config.set("port", "7000");
    config.set("maxmemory", "1gb");
    config.set("save", "");
    String old =
        "# my server\n"
            + "port 6380\n"
            + "include extra.conf\n"
            + "\n"
            + "\n"
            + "save 900 1\n"
            + "save 300 10\n"
            + "appendonly yes\n";
    String rewritten = ConfigRewriter.rewrite(old, config);
    assertThat(rewritten)
        .isEqualTo(
            "# my server\n"
                + "port 7000\n"
                + "include extra.conf\n"
                + "\n"
                + "save \"\"\n"
                + "\n"
                + "appendonly yes\n"
                + "# Generated by CONFIG REWRITE\n"
                + "dir \"./data\"\n"
                + "latency-tracking-info-percentiles 50 99 99.9\n"
                + "maxmemory 1gb\n");
  }

  @Test
  void rewriteOfAnEmptyFileWritesOnlyWhatDiffers() throws ConfigException {
    config.set("replicaof", "10.0.0.1 6379");
    config.set("client-output-buffer-limit", "replica 512mb 128mb 30");
    config.set("notify-keyspace-events", "Ex");
    config.set("requirepass", "a b");
    String rewritten = ConfigRewriter.rewrite("", config);
    assertThat(rewritten.split("\n"))
        .containsExactly(
            "# Generated by CONFIG REWRITE",
            "client-output-buffer-limit replica 512mb 128mb 30",
            "dir \"./data\"",
            "latency-tracking-info-percentiles 50 99 99.9",
            "notify-keyspace-events \"xE\"",
            "replicaof 10.0.0.1 6379",
            "requirepass \"a b\"",
            "save 3600 1",
            "save 300 100",
            "save 60 10000");
  }

  @Test
  void rewrittenTextLoadsBackToTheSameValues() throws ConfigException, ConfigFileException {
    config.set("maxmemory", "3mb");
    config.set("bind", "0.0.0.0");
    config.set("slaveof", "example 7000");
    config.set("hz", "50");
    String text = ConfigRewriter.rewrite("slaveof old 1\nhz 20\n", config);
    assertThat(text).startsWith("replicaof example 7000\nhz 50\n");
    ConfigRegistry reloaded = ConfigRegistry.standard();
    new ConfigLoader(reloaded, path -> "").loadText("rewritten.conf", text);
    for (ConfigParam param : config.params()) {
      assertThat(reloaded.get(param.name())).as(param.name()).isEqualTo(config.get(param.name()));
    }
  }

  @Test
  void rewriteCommentsOutLinesItCannotRead() {
    assertThat(ConfigRewriter.rewrite("bogus 1\nport \"x\n", config))
        .startsWith("# ??? bogus 1\n# ??? port \"x\n");
  }

  @Test
  void parsedLinesKeepTheirArguments() {
    assertThat(ConfigSyntax.split("client-output-buffer-limit normal 0 0 0"))
        .isEqualTo(List.of("client-output-buffer-limit", "normal", "0", "0", "0"));
  }
}
