package io.redstone.storage.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.Database;
import io.redstone.storage.EngineHarness;
import io.redstone.storage.EngineHarness.Mutation;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.KeyPositions;
import io.redstone.storage.command.ScanArguments;
import io.redstone.storage.keyspace.Entry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KeyCommandsTest {
  private static final String OK = "+OK\r\n";
  private static final String NULL = "$-1\r\n";

  private final EngineHarness redis = new EngineHarness();

  // --- helpers: keys are written straight into the database, so these tests need no SET -------

  private Database db(int index) {
    return redis.engine().database(index);
  }

  private Entry set(String key, String value) {
    return set(0, key, value);
  }

  private Entry set(int dbIndex, String key, String value) {
    return db(dbIndex).put(bytes(key), bytes(value), false, redis.now());
  }

  private Entry setWithTtl(String key, String value, long ttlMillis) {
    return setWithTtl(0, key, value, ttlMillis);
  }

  private Entry setWithTtl(int dbIndex, String key, String value, long ttlMillis) {
    Entry entry = set(dbIndex, key, value);
    db(dbIndex).setExpireAt(entry, redis.now() + ttlMillis);
    return entry;
  }

  private String valueOf(int dbIndex, String key) {
    Entry entry = db(dbIndex).peek(bytes(key), redis.now());
    return entry == null ? null : new String((byte[]) entry.value(), StandardCharsets.UTF_8);
  }

  private long dirty() {
    return redis.engine().stats().dirty;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String integer(long value) {
    return ":" + value + "\r\n";
  }

  private static String bulk(String value) {
    return "$" + bytes(value).length + "\r\n" + value + "\r\n";
  }

  private static String error(String text) {
    return "-" + text + "\r\n";
  }

  private static Mutation mutation(String... argv) {
    return new Mutation(0, List.of(argv));
  }

  private record ScanPage(String cursor, List<String> keys) {}

  @SuppressWarnings("unchecked")
  private ScanPage scan(String... args) {
    String[] argv = new String[args.length + 1];
    argv[0] = "SCAN";
    System.arraycopy(args, 0, argv, 1, args.length);
    List<Object> reply = (List<Object>) Resp.parse(redis.call(argv));
    assertThat(reply).hasSize(2);
    return new ScanPage((String) reply.get(0), (List<String>) (List<?>) reply.get(1));
  }

  @SuppressWarnings("unchecked")
  private List<String> array(String... command) {
    return (List<String>) (List<?>) Resp.parse(redis.call(command));
  }

  /** Just enough of a RESP reader for arrays of bulk strings, with ASCII contents. */
  private static final class Resp {
    private final String text;
    private int pos;

    private Resp(String text) {
      this.text = text;
    }

    static Object parse(String text) {
      Resp reader = new Resp(text);
      Object value = reader.read();
      assertThat(reader.pos).as("whole reply consumed: %s", text).isEqualTo(text.length());
      return value;
    }

    private Object read() {
      char type = text.charAt(pos);
      int end = text.indexOf("\r\n", pos);
      String line = text.substring(pos + 1, end);
      pos = end + 2;
      switch (type) {
        case '*' -> {
          int n = Integer.parseInt(line);
          List<Object> items = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            items.add(read());
          }
          return items;
        }
        case '$' -> {
          int n = Integer.parseInt(line);
          if (n < 0) {
            return null;
          }
          String value = text.substring(pos, pos + n);
          pos += n + 2;
          return value;
        }
        case ':' -> {
          return Long.parseLong(line);
        }
        case '+' -> {
          return line;
        }
        default -> throw new AssertionError("unexpected reply " + text);
      }
    }
  }

  // --- declarations --------------------------------------------------------------------------

  @Test
  void everyCommandIsDeclaredWithRedisArityFlagsAndKeys() {
    record Expected(int arity, String flags, int first, int last, int step) {}
    Map<String, Expected> expected =
        Map.ofEntries(
            Map.entry("del", new Expected(-2, "write", 1, -1, 1)),
            Map.entry("unlink", new Expected(-2, "write fast", 1, -1, 1)),
            Map.entry("exists", new Expected(-2, "readonly fast", 1, -1, 1)),
            Map.entry("type", new Expected(2, "readonly fast", 1, 1, 1)),
            Map.entry("keys", new Expected(2, "readonly", 0, 0, 0)),
            Map.entry("scan", new Expected(-2, "readonly", 0, 0, 0)),
            Map.entry("randomkey", new Expected(1, "readonly", 0, 0, 0)),
            Map.entry("rename", new Expected(3, "write", 1, 2, 1)),
            Map.entry("renamenx", new Expected(3, "write fast", 1, 2, 1)),
            Map.entry("copy", new Expected(-3, "write denyoom", 1, 2, 1)),
            Map.entry("move", new Expected(3, "write fast", 1, 1, 1)),
            Map.entry("touch", new Expected(-2, "readonly fast", 1, -1, 1)),
            Map.entry("expire", new Expected(-3, "write fast", 1, 1, 1)),
            Map.entry("pexpire", new Expected(-3, "write fast", 1, 1, 1)),
            Map.entry("expireat", new Expected(-3, "write fast", 1, 1, 1)),
            Map.entry("pexpireat", new Expected(-3, "write fast", 1, 1, 1)),
            Map.entry("ttl", new Expected(2, "readonly fast", 1, 1, 1)),
            Map.entry("pttl", new Expected(2, "readonly fast", 1, 1, 1)),
            Map.entry("expiretime", new Expected(2, "readonly fast", 1, 1, 1)),
            Map.entry("pexpiretime", new Expected(2, "readonly fast", 1, 1, 1)),
            Map.entry("persist", new Expected(2, "write fast", 1, 1, 1)),
            Map.entry("object", new Expected(-2, "", 0, 0, 0)),
            Map.entry("object|encoding", new Expected(3, "readonly", 2, 2, 1)),
            Map.entry("object|freq", new Expected(3, "readonly", 2, 2, 1)),
            Map.entry("object|idletime", new Expected(3, "readonly", 2, 2, 1)),
            Map.entry("object|refcount", new Expected(3, "readonly", 2, 2, 1)),
            Map.entry("object|help", new Expected(2, "loading stale", 0, 0, 0)));
    CommandTable table = redis.engine().commands();
    expected.forEach(
        (name, want) -> {
          String[] parts = name.split("\\|");
          CommandSpec spec = table.lookup(parts[0]);
          if (parts.length == 2) {
            spec = spec.subcommand(parts[1]);
          }
          assertThat(spec).as(name).isNotNull();
          assertThat(spec.fullName()).isEqualTo(name);
          assertThat(spec.arity()).as(name).isEqualTo(want.arity());
          Set<String> flags = new HashSet<>();
          spec.flags().forEach(flag -> flags.add(flag.wireName()));
          Set<String> wantFlags = new HashSet<>();
          for (String flag : want.flags().split(" ")) {
            if (!flag.isEmpty()) {
              wantFlags.add(flag);
            }
          }
          assertThat(flags).as(name).isEqualTo(wantFlags);
          assertThat(spec.keys())
              .as(name)
              .isEqualTo(new KeyPositions(want.first(), want.last(), want.step()));
          assertThat(spec.group()).as(name).isEqualTo(CommandGroup.GENERIC);
          assertThat(spec.summary()).as(name).isNotBlank();
          assertThat(spec.since()).as(name).matches("\\d+\\.\\d+\\.\\d+");
          assertThat(spec.complexity()).as(name).isNotBlank();
        });
    assertThat(table.lookup("expire").summary()).isEqualTo("Set a key's time to live in seconds");
    assertThat(table.lookup("scan").since()).isEqualTo("2.8.0");
    assertThat(table.lookup("object").complexity()).isEqualTo("Depends on subcommand.");
  }

  // --- DEL, UNLINK, EXISTS, TYPE, TOUCH
  // -----------------------------------------------------------

  @Nested
  class Deletion {
    @Test
    void delCountsDeletedKeysAndStreamsOnlyThose() {
      set("a", "1");
      set("b", "2");
      long before = dirty();
      assertThat(redis.call("DEL", "a", "missing", "b", "a")).isEqualTo(integer(2));
      assertThat(redis.mutations()).containsExactly(mutation("DEL", "a", "b"));
      assertThat(dirty() - before).isEqualTo(2);
      assertThat(db(0).size()).isZero();
    }

    @Test
    void delOfMissingKeysStreamsNothing() {
      assertThat(redis.call("DEL", "nope", "nada")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
      assertThat(dirty()).isZero();
    }

    @Test
    void delOfAnExpiredKeyCountsNothingButTheExpiryIsStreamed() {
      setWithTtl("a", "1", 100);
      redis.advanceMillis(101);
      assertThat(redis.call("DEL", "a")).isEqualTo(integer(0));
      assertThat(redis.mutations()).containsExactly(mutation("DEL", "a"));
    }

    @Test
    void unlinkDeletesLikeDelAndStreamsUnlink() {
      set("a", "1");
      assertThat(redis.call("UNLINK", "a", "b")).isEqualTo(integer(1));
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(0));
      assertThat(redis.mutations()).containsExactly(mutation("UNLINK", "a"));
    }

    @Test
    void delWithoutKeysIsWrongArity() {
      assertThat(redis.call("DEL"))
          .isEqualTo(error("ERR wrong number of arguments for 'del' command"));
      assertThat(redis.call("unlink"))
          .isEqualTo(error("ERR wrong number of arguments for 'unlink' command"));
    }

    @Test
    void existsCountsEveryMentionOfAnExistingKey() {
      set("a", "1");
      assertThat(redis.call("EXISTS", "a", "a", "missing", "a")).isEqualTo(integer(3));
      assertThat(redis.call("EXISTS", "missing")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void existsCountsHitsAndMisses() {
      set("a", "1");
      redis.call("EXISTS", "a", "b");
      assertThat(redis.engine().stats().keyspaceHits).isEqualTo(1);
      assertThat(redis.engine().stats().keyspaceMisses).isEqualTo(1);
    }

    @Test
    void existsDoesNotSeeAnExpiredKey() {
      setWithTtl("a", "1", 1000);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(1));
      redis.advanceMillis(1000);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(1));
      redis.advanceMillis(1);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(0));
    }

    @Test
    void typeNamesTheValueAsSimpleString() {
      set("s", "x");
      assertThat(redis.call("TYPE", "s")).isEqualTo("+string\r\n");
      assertThat(redis.call("TYPE", "missing")).isEqualTo("+none\r\n");
      assertThat(redis.call("TYPE"))
          .isEqualTo(error("ERR wrong number of arguments for 'type' command"));
    }

    @Test
    void touchCountsExistingKeysAndResetsIdleTime() {
      set("a", "1");
      redis.advanceMillis(10_000);
      assertThat(redis.call("OBJECT", "IDLETIME", "a")).isEqualTo(integer(10));
      assertThat(redis.call("TOUCH", "a", "missing", "a")).isEqualTo(integer(2));
      assertThat(redis.call("OBJECT", "IDLETIME", "a")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void inspectionCommandsDoNotResetIdleTime() {
      setWithTtl("a", "1", 100_000);
      redis.advanceMillis(5_000);
      redis.call("TYPE", "a");
      redis.call("EXISTS", "a");
      redis.call("TTL", "a");
      redis.call("PTTL", "a");
      redis.call("EXPIRETIME", "a");
      redis.call("OBJECT", "ENCODING", "a");
      assertThat(redis.call("OBJECT", "IDLETIME", "a")).isEqualTo(integer(5));
    }
  }

  // --- KEYS ------------------------------------------------------------------------------------

  @Nested
  class Keys {
    @Test
    void keysMatchesGlobPatterns() {
      for (String key :
          List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo", "x")) {
        set(key, "v");
      }
      assertThat(array("KEYS", "*"))
          .containsExactlyInAnyOrder(
              "hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo", "x");
      assertThat(array("KEYS", "h?llo"))
          .containsExactlyInAnyOrder("hello", "hallo", "hxllo", "h*llo", "h?llo");
      assertThat(array("KEYS", "h*llo"))
          .containsExactlyInAnyOrder(
              "hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h?llo");
      assertThat(array("KEYS", "h[ae]llo")).containsExactlyInAnyOrder("hello", "hallo");
      assertThat(array("KEYS", "h[^e]llo"))
          .containsExactlyInAnyOrder("hallo", "hxllo", "h*llo", "h?llo");
      assertThat(array("KEYS", "h[a-e]llo")).containsExactlyInAnyOrder("hello", "hallo");
      assertThat(array("KEYS", "h[e-a]llo")).containsExactlyInAnyOrder("hello", "hallo");
      assertThat(array("KEYS", "h\\*llo")).containsExactly("h*llo");
      assertThat(array("KEYS", "h\\?llo")).containsExactly("h?llo");
      assertThat(array("KEYS", "h[\\*]llo")).containsExactly("h*llo");
      assertThat(array("KEYS", "nomatch*")).isEmpty();
    }

    @Test
    void keysIsCaseSensitive() {
      set("Hello", "v");
      assertThat(redis.call("KEYS", "hello")).isEqualTo("*0\r\n");
      assertThat(redis.call("KEYS", "Hello")).isEqualTo("*1\r\n" + bulk("Hello"));
    }

    @Test
    void keysSkipsExpiredKeysWithoutDeletingThem() {
      set("live", "1");
      setWithTtl("dead", "1", 10);
      redis.advanceMillis(11);
      assertThat(redis.call("KEYS", "*")).isEqualTo("*1\r\n" + bulk("live"));
      assertThat(db(0).size()).isEqualTo(2);
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void keysMatchesBinaryKeys() {
      byte[] key = {'k', (byte) 0xff, 0, '\r', '\n'};
      db(0).put(key, bytes("v"), false, redis.now());
      String reply = redis.call(redis.session(), bytes("KEYS"), new byte[] {'k', '*'});
      assertThat(reply).startsWith("*1\r\n$5\r\n");
    }
  }

  // --- SCAN ------------------------------------------------------------------------------------

  @Nested
  class Scan {
    @Test
    void scanOfAnEmptyDatabaseEndsAtOnce() {
      assertThat(redis.call("SCAN", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void scanWalksEveryKeyOnce() {
      Set<String> all = new HashSet<>();
      for (int i = 0; i < 500; i++) {
        set("key:" + i, "v");
        all.add("key:" + i);
      }
      List<String> seen = new ArrayList<>();
      String cursor = "0";
      int calls = 0;
      do {
        ScanPage page = scan(cursor);
        seen.addAll(page.keys());
        cursor = page.cursor();
        calls++;
      } while (!cursor.equals("0"));
      assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
      assertThat(calls).isGreaterThan(1);
    }

    @Test
    void largeCountReturnsEverythingInOneCall() {
      for (int i = 0; i < 100; i++) {
        set("key:" + i, "v");
      }
      ScanPage page = scan("0", "COUNT", "1000");
      assertThat(page.cursor()).isEqualTo("0");
      assertThat(page.keys()).hasSize(100);
    }

    @Test
    void scanVisitsAtLeastCountKeysPerCallWhileThereAreEnough() {
      for (int i = 0; i < 1000; i++) {
        set("key:" + i, "v");
      }
      ScanPage page = scan("0", "COUNT", "50");
      assertThat(page.keys().size()).isGreaterThanOrEqualTo(50);
      assertThat(page.cursor()).isNotEqualTo("0");
    }

    @Test
    void matchFiltersAfterWalking() {
      for (int i = 0; i < 100; i++) {
        set("user:" + i, "v");
        set("item:" + i, "v");
      }
      Set<String> seen = new HashSet<>();
      String cursor = "0";
      do {
        ScanPage page = scan(cursor, "MATCH", "user:*", "COUNT", "20");
        seen.addAll(page.keys());
        cursor = page.cursor();
      } while (!cursor.equals("0"));
      assertThat(seen).hasSize(100).allMatch(key -> key.startsWith("user:"));
    }

    @Test
    void typeFilterComparesNamesIgnoringCase() {
      set("a", "1");
      assertThat(scan("0", "TYPE", "string").keys()).containsExactly("a");
      assertThat(scan("0", "TYPE", "STRING").keys()).containsExactly("a");
      assertThat(scan("0", "TYPE", "list").keys()).isEmpty();
      assertThat(scan("0", "TYPE", "nosuchtype").keys()).isEmpty();
      assertThat(scan("0", "MATCH", "*", "COUNT", "10", "TYPE", "string").keys())
          .containsExactly("a");
    }

    @Test
    void scanSkipsAndDeletesExpiredKeys() {
      set("live", "1");
      setWithTtl("dead", "1", 10);
      redis.advanceMillis(11);
      assertThat(scan("0", "COUNT", "100").keys()).containsExactly("live");
      assertThat(db(0).size()).isEqualTo(1);
      assertThat(redis.mutations()).containsExactly(mutation("DEL", "dead"));
    }

    @Test
    void optionsAreValidated() {
      assertThat(redis.call("SCAN", "0", "COUNT", "0")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("SCAN", "0", "COUNT", "-1")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("SCAN", "0", "COUNT", "abc"))
          .isEqualTo(error("ERR value is not an integer or out of range"));
      assertThat(redis.call("SCAN", "0", "MATCH")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("SCAN", "0", "COUNT")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("SCAN", "0", "foo", "bar")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("SCAN"))
          .isEqualTo(error("ERR wrong number of arguments for 'scan' command"));
    }

    @Test
    void cursorFollowsStrtoulRules() {
      set("a", "1");
      for (String bad :
          List.of(
              " 1",
              "1 ",
              "abc",
              "1a",
              "0x10",
              "-",
              "+",
              "18446744073709551616",
              "99999999999999999999",
              "-18446744073709551616",
              "1.5")) {
        assertThat(redis.call("SCAN", bad)).as(bad).isEqualTo(error("ERR invalid cursor"));
      }
      for (String good : List.of("", "00", "+5", "-0", "-1", "18446744073709551615")) {
        assertThat(redis.call("SCAN", good)).as(good).startsWith("*2\r\n$");
      }
    }

    @Test
    void cursorParsesAsUnsigned64Bit() {
      assertThat(ScanArguments.parseCursor(bytes("18446744073709551615"))).isEqualTo(-1L);
      assertThat(ScanArguments.parseCursor(bytes("-1"))).isEqualTo(-1L);
      assertThat(ScanArguments.parseCursor(bytes("-18446744073709551615"))).isEqualTo(1L);
      assertThat(ScanArguments.parseCursor(bytes("9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
      assertThat(ScanArguments.parseCursor(bytes("18446744073709551610"))).isEqualTo(-6L);
      assertThat(ScanArguments.parseCursor(bytes(""))).isZero();
      assertThatThrownBy(() -> ScanArguments.parseCursor(bytes("18446744073709551620")))
          .hasMessage("ERR invalid cursor");
    }

    @Test
    void everyKeyPresentThroughoutIsReturnedWhileTheTableGrowsAndShrinks() {
      Random random = new Random(7);
      Set<String> stable = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        set("stable:" + i, "v");
        stable.add("stable:" + i);
      }
      List<String> churn = new ArrayList<>();
      int churnCounter = 0;
      Set<String> seen = new HashSet<>();
      String cursor = "0";
      int calls = 0;
      int peakSize = 0;
      int sizeAfterPeak = Integer.MAX_VALUE;
      do {
        ScanPage page = scan(cursor, "COUNT", String.valueOf(1 + random.nextInt(8)));
        seen.addAll(page.keys());
        cursor = page.cursor();
        calls++;
        if (calls <= 30) {
          // Grow: the table goes from about 1k keys to about 13k.
          for (int i = 0; i < 400; i++) {
            String key = "churn:" + churnCounter++;
            set(key, "v");
            churn.add(key);
          }
        } else if (!churn.isEmpty()) {
          // Shrink: delete churn keys through DEL until only the stable keys are left.
          List<String> del = new ArrayList<>(List.of("DEL"));
          for (int i = 0; i < 700 && !churn.isEmpty(); i++) {
            del.add(churn.remove(random.nextInt(churn.size())));
          }
          redis.call(del.toArray(new String[0]));
        } else if (random.nextInt(3) == 0) {
          // Small movements in both directions for the rest of the walk.
          String key = "late:" + churnCounter++;
          set(key, "v");
          redis.call("DEL", key);
        }
        peakSize = Math.max(peakSize, db(0).size());
        if (calls > 30) {
          sizeAfterPeak = Math.min(sizeAfterPeak, db(0).size());
        }
      } while (!cursor.equals("0"));
      assertThat(peakSize).isGreaterThan(12_000);
      assertThat(sizeAfterPeak).isEqualTo(1000);
      assertThat(seen).containsAll(stable);
    }
  }

  // --- RANDOMKEY -------------------------------------------------------------------------------

  @Nested
  class RandomKey {
    @Test
    void emptyDatabaseAnswersNull() {
      assertThat(redis.call("RANDOMKEY")).isEqualTo(NULL);
    }

    @Test
    void returnsAnExistingKey() {
      set("a", "1");
      set("b", "1");
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        String reply = redis.call("RANDOMKEY");
        seen.add(reply);
      }
      assertThat(seen).containsExactlyInAnyOrder(bulk("a"), bulk("b"));
    }

    @Test
    void neverReturnsAnExpiredKey() {
      set("live", "1");
      for (int i = 0; i < 200; i++) {
        setWithTtl("dead:" + i, "1", 10);
      }
      redis.advanceMillis(11);
      for (int i = 0; i < 50; i++) {
        assertThat(redis.call("RANDOMKEY")).isEqualTo(bulk("live"));
      }
    }

    @Test
    void onlyExpiredKeysAnswersNull() {
      for (int i = 0; i < 50; i++) {
        setWithTtl("dead:" + i, "1", 10);
      }
      redis.advanceMillis(11);
      assertThat(redis.call("RANDOMKEY")).isEqualTo(NULL);
      assertThat(db(0).size()).isZero();
    }

    @Test
    void randomKeyTakesNoArguments() {
      assertThat(redis.call("RANDOMKEY", "x"))
          .isEqualTo(error("ERR wrong number of arguments for 'randomkey' command"));
    }
  }

  // --- RENAME, RENAMENX ------------------------------------------------------------------------

  @Nested
  class Rename {
    @Test
    void renameMovesValueAndTtl() {
      setWithTtl("a", "1", 5_000);
      long before = dirty();
      assertThat(redis.call("RENAME", "a", "b")).isEqualTo(OK);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(0));
      assertThat(valueOf(0, "b")).isEqualTo("1");
      assertThat(redis.call("PTTL", "b")).isEqualTo(integer(5_000));
      assertThat(redis.mutations()).containsExactly(mutation("RENAME", "a", "b"));
      assertThat(dirty() - before).isEqualTo(1);
    }

    @Test
    void renameOverwritesTargetAndItsTtl() {
      set("a", "1");
      setWithTtl("b", "2", 5_000);
      assertThat(redis.call("RENAME", "a", "b")).isEqualTo(OK);
      assertThat(valueOf(0, "b")).isEqualTo("1");
      assertThat(redis.call("TTL", "b")).isEqualTo(integer(-1));
      assertThat(db(0).size()).isEqualTo(1);
      assertThat(db(0).expiresCount()).isZero();
    }

    @Test
    void renameOfMissingKeyIsAnError() {
      assertThat(redis.call("RENAME", "a", "b")).isEqualTo(error("ERR no such key"));
      assertThat(redis.call("RENAME", "a", "a")).isEqualTo(error("ERR no such key"));
      assertThat(redis.call("RENAMENX", "a", "b")).isEqualTo(error("ERR no such key"));
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void renameOfExpiredKeyIsAnError() {
      setWithTtl("a", "1", 10);
      redis.advanceMillis(11);
      assertThat(redis.call("RENAME", "a", "b")).isEqualTo(error("ERR no such key"));
    }

    @Test
    void renameOntoItselfChangesNothing() {
      setWithTtl("a", "1", 5_000);
      assertThat(redis.call("RENAME", "a", "a")).isEqualTo(OK);
      assertThat(redis.call("RENAMENX", "a", "a")).isEqualTo(integer(0));
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(5_000));
      assertThat(redis.mutations()).isEmpty();
      assertThat(dirty()).isZero();
    }

    @Test
    void renamenxDoesNotOverwrite() {
      set("a", "1");
      set("b", "2");
      assertThat(redis.call("RENAMENX", "a", "b")).isEqualTo(integer(0));
      assertThat(valueOf(0, "a")).isEqualTo("1");
      assertThat(valueOf(0, "b")).isEqualTo("2");
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void renamenxRenamesOntoAFreeName() {
      set("a", "1");
      assertThat(redis.call("RENAMENX", "a", "c")).isEqualTo(integer(1));
      assertThat(valueOf(0, "c")).isEqualTo("1");
      assertThat(redis.mutations()).containsExactly(mutation("RENAMENX", "a", "c"));
    }

    @Test
    void renamenxTreatsAnExpiredTargetAsFree() {
      set("a", "1");
      setWithTtl("b", "2", 10);
      redis.advanceMillis(11);
      assertThat(redis.call("RENAMENX", "a", "b")).isEqualTo(integer(1));
      assertThat(redis.mutations())
          .containsExactly(mutation("DEL", "b"), mutation("RENAMENX", "a", "b"));
    }
  }

  // --- COPY ------------------------------------------------------------------------------------

  @Nested
  class Copy {
    @Test
    void copyDuplicatesValueAndTtl() {
      setWithTtl("a", "hello", 5_000);
      assertThat(redis.call("COPY", "a", "b")).isEqualTo(integer(1));
      assertThat(valueOf(0, "b")).isEqualTo("hello");
      assertThat(valueOf(0, "a")).isEqualTo("hello");
      assertThat(redis.call("PTTL", "b")).isEqualTo(integer(5_000));
      assertThat(db(0).peek(bytes("b"), redis.now()).value())
          .isNotSameAs(db(0).peek(bytes("a"), redis.now()).value());
      assertThat(redis.mutations()).containsExactly(mutation("COPY", "a", "b"));
    }

    @Test
    void copyDoesNotOverwriteWithoutReplace() {
      set("a", "1");
      set("b", "2");
      assertThat(redis.call("COPY", "a", "b")).isEqualTo(integer(0));
      assertThat(valueOf(0, "b")).isEqualTo("2");
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void copyWithReplaceOverwritesAndDropsTargetTtl() {
      set("a", "1");
      setWithTtl("b", "2", 5_000);
      assertThat(redis.call("COPY", "a", "b", "REPLACE")).isEqualTo(integer(1));
      assertThat(valueOf(0, "b")).isEqualTo("1");
      assertThat(redis.call("TTL", "b")).isEqualTo(integer(-1));
    }

    @Test
    void copyOfMissingKeyAnswersZero() {
      assertThat(redis.call("COPY", "a", "b")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void copyOntoItselfInTheSameDatabaseIsAnError() {
      set("a", "1");
      assertThat(redis.call("COPY", "a", "a"))
          .isEqualTo(error("ERR source and destination objects are the same"));
      assertThat(redis.call("COPY", "missing", "missing"))
          .isEqualTo(error("ERR source and destination objects are the same"));
      assertThat(redis.call("COPY", "a", "a", "DB", "0"))
          .isEqualTo(error("ERR source and destination objects are the same"));
    }

    @Test
    void copyToAnotherDatabase() {
      setWithTtl("a", "1", 5_000);
      assertThat(redis.call("COPY", "a", "a", "DB", "3")).isEqualTo(integer(1));
      assertThat(valueOf(3, "a")).isEqualTo("1");
      assertThat(db(3).peek(bytes("a"), redis.now()).expireAt()).isEqualTo(redis.now() + 5_000);
      assertThat(valueOf(0, "a")).isEqualTo("1");
      assertThat(redis.mutations()).containsExactly(mutation("COPY", "a", "a", "DB", "3"));
    }

    @Test
    void copyReplaceAndDbCanBeRepeatedLastWins() {
      set("a", "1");
      assertThat(redis.call("COPY", "a", "b", "replace", "replace", "db", "1", "db", "2"))
          .isEqualTo(integer(1));
      assertThat(valueOf(2, "b")).isEqualTo("1");
      assertThat(db(1).size()).isZero();
    }

    @Test
    void copyValidatesItsOptions() {
      set("a", "1");
      assertThat(redis.call("COPY", "a", "b", "DB", "16"))
          .isEqualTo(error("ERR DB index is out of range"));
      assertThat(redis.call("COPY", "a", "b", "DB", "-1"))
          .isEqualTo(error("ERR DB index is out of range"));
      assertThat(redis.call("COPY", "missing", "b", "DB", "16"))
          .isEqualTo(error("ERR DB index is out of range"));
      assertThat(redis.call("COPY", "a", "b", "DB", "abc"))
          .isEqualTo(error("ERR value is not an integer or out of range"));
      assertThat(redis.call("COPY", "a", "b", "DB", "99999999999"))
          .isEqualTo(
              error("ERR value is out of range, value must between -2147483648 and 2147483647"));
      assertThat(redis.call("COPY", "a", "b", "DB")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("COPY", "a", "b", "foo")).isEqualTo(error("ERR syntax error"));
      assertThat(redis.call("COPY", "a"))
          .isEqualTo(error("ERR wrong number of arguments for 'copy' command"));
      assertThat(db(0).size()).isEqualTo(1);
    }
  }

  // --- MOVE ------------------------------------------------------------------------------------

  @Nested
  class Move {
    @Test
    void moveTakesValueAndTtlToTheOtherDatabase() {
      setWithTtl("a", "1", 5_000);
      long expireAt = redis.now() + 5_000;
      assertThat(redis.call("MOVE", "a", "1")).isEqualTo(integer(1));
      assertThat(db(0).size()).isZero();
      assertThat(db(0).expiresCount()).isZero();
      assertThat(valueOf(1, "a")).isEqualTo("1");
      assertThat(db(1).peek(bytes("a"), redis.now()).expireAt()).isEqualTo(expireAt);
      assertThat(db(1).expiresCount()).isEqualTo(1);
      assertThat(redis.mutations()).containsExactly(mutation("MOVE", "a", "1"));
      redis.session().db(1);
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(5_000));
    }

    @Test
    void moveDoesNotOverwriteInTheTarget() {
      set(0, "a", "source");
      set(1, "a", "target");
      assertThat(redis.call("MOVE", "a", "1")).isEqualTo(integer(0));
      assertThat(valueOf(0, "a")).isEqualTo("source");
      assertThat(valueOf(1, "a")).isEqualTo("target");
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void moveOfMissingKeyAnswersZero() {
      assertThat(redis.call("MOVE", "a", "1")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void moveToTheSameDatabaseIsAnError() {
      set("a", "1");
      assertThat(redis.call("MOVE", "a", "0"))
          .isEqualTo(error("ERR source and destination objects are the same"));
      assertThat(redis.call("MOVE", "missing", "0"))
          .isEqualTo(error("ERR source and destination objects are the same"));
    }

    @Test
    void moveValidatesTheDatabase() {
      set("a", "1");
      assertThat(redis.call("MOVE", "a", "16")).isEqualTo(error("ERR DB index is out of range"));
      assertThat(redis.call("MOVE", "a", "-1")).isEqualTo(error("ERR DB index is out of range"));
      assertThat(redis.call("MOVE", "a", "2147483647"))
          .isEqualTo(error("ERR DB index is out of range"));
      assertThat(redis.call("MOVE", "a", "+1"))
          .isEqualTo(error("ERR value is not an integer or out of range"));
      assertThat(redis.call("MOVE", "a", "abc"))
          .isEqualTo(error("ERR value is not an integer or out of range"));
      assertThat(redis.call("MOVE", "a", "-99999999999"))
          .isEqualTo(
              error("ERR value is out of range, value must between -2147483648 and 2147483647"));
    }

    @Test
    void moveFromASelectedDatabase() {
      redis.session().db(5);
      set(5, "a", "1");
      assertThat(redis.call("MOVE", "a", "0")).isEqualTo(integer(1));
      assertThat(valueOf(0, "a")).isEqualTo("1");
      assertThat(redis.mutations()).containsExactly(new Mutation(5, List.of("MOVE", "a", "0")));
    }
  }

  // --- EXPIRE family ---------------------------------------------------------------------------

  @Nested
  class Expire {
    @Test
    void expireSetsARelativeTtlAndStreamsAbsolutePexpireat() {
      set("a", "1");
      long before = dirty();
      assertThat(redis.call("EXPIRE", "a", "10")).isEqualTo(integer(1));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(10));
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(10_000));
      assertThat(redis.mutations())
          .containsExactly(mutation("PEXPIREAT", "a", String.valueOf(redis.now() + 10_000)));
      assertThat(dirty() - before).isEqualTo(1);
    }

    @Test
    void pexpireExpireatAndPexpireatAllStreamPexpireat() {
      set("a", "1");
      long now = redis.now();
      assertThat(redis.call("PEXPIRE", "a", "1500")).isEqualTo(integer(1));
      assertThat(redis.call("EXPIREAT", "a", String.valueOf(now / 1000 + 100)))
          .isEqualTo(integer(1));
      assertThat(redis.call("PEXPIREAT", "a", String.valueOf(now + 123_456))).isEqualTo(integer(1));
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(123_456));
      assertThat(redis.mutations())
          .containsExactly(
              mutation("PEXPIREAT", "a", String.valueOf(now + 1500)),
              mutation("PEXPIREAT", "a", String.valueOf((now / 1000 + 100) * 1000)),
              mutation("PEXPIREAT", "a", String.valueOf(now + 123_456)));
    }

    @Test
    void keyDisappearsWhenTheClockPassesItsTtl() {
      set("a", "1");
      redis.call("PEXPIRE", "a", "100");
      redis.advanceMillis(100);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(1));
      redis.advanceMillis(1);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(0));
      assertThat(redis.mutations().get(redis.mutations().size() - 1))
          .isEqualTo(mutation("DEL", "a"));
      assertThat(redis.engine().stats().expiredKeys).isEqualTo(1);
    }

    @Test
    void expireOfMissingKeyAnswersZero() {
      assertThat(redis.call("EXPIRE", "a", "10")).isEqualTo(integer(0));
      assertThat(redis.call("PEXPIREAT", "a", "1")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
      assertThat(dirty()).isZero();
    }

    @Test
    void anExpireTimeInThePastDeletesTheKeyAndStreamsDel() {
      set("a", "1");
      set("b", "1");
      set("c", "1");
      set("d", "1");
      assertThat(redis.call("EXPIRE", "a", "-1")).isEqualTo(integer(1));
      assertThat(redis.call("PEXPIRE", "b", "0")).isEqualTo(integer(1));
      assertThat(redis.call("PEXPIREAT", "c", String.valueOf(redis.now()))).isEqualTo(integer(1));
      assertThat(redis.call("EXPIREAT", "d", "0")).isEqualTo(integer(1));
      assertThat(db(0).size()).isZero();
      assertThat(redis.mutations())
          .containsExactly(
              mutation("DEL", "a"),
              mutation("DEL", "b"),
              mutation("DEL", "c"),
              mutation("DEL", "d"));
      assertThat(dirty()).isEqualTo(4);
      assertThat(redis.engine().stats().expiredKeys).isZero();
    }

    @Test
    void nxSetsOnlyWithoutTtl() {
      set("a", "1");
      assertThat(redis.call("EXPIRE", "a", "100", "NX")).isEqualTo(integer(1));
      assertThat(redis.call("EXPIRE", "a", "200", "nx")).isEqualTo(integer(0));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(100));
      assertThat(redis.call("EXPIRE", "a", "200", "NX", "NX")).isEqualTo(integer(0));
    }

    @Test
    void xxSetsOnlyWithTtl() {
      set("a", "1");
      assertThat(redis.call("EXPIRE", "a", "100", "XX")).isEqualTo(integer(0));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(-1));
      redis.call("EXPIRE", "a", "100");
      assertThat(redis.call("EXPIRE", "a", "200", "XX")).isEqualTo(integer(1));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(200));
    }

    @Test
    void gtOnlyExtendsAndNeverAppliesToAKeyWithoutTtl() {
      set("a", "1");
      assertThat(redis.call("EXPIRE", "a", "100", "GT")).isEqualTo(integer(0));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(-1));
      redis.call("EXPIRE", "a", "100");
      assertThat(redis.call("EXPIRE", "a", "50", "GT")).isEqualTo(integer(0));
      assertThat(redis.call("EXPIRE", "a", "100", "GT")).isEqualTo(integer(0));
      assertThat(redis.call("EXPIRE", "a", "200", "GT")).isEqualTo(integer(1));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(200));
      assertThat(redis.call("EXPIRE", "a", "300", "XX", "GT")).isEqualTo(integer(1));
    }

    @Test
    void ltOnlyShortensAndAlwaysAppliesToAKeyWithoutTtl() {
      set("a", "1");
      assertThat(redis.call("EXPIRE", "a", "100", "LT")).isEqualTo(integer(1));
      assertThat(redis.call("EXPIRE", "a", "200", "LT")).isEqualTo(integer(0));
      assertThat(redis.call("EXPIRE", "a", "100", "LT")).isEqualTo(integer(0));
      assertThat(redis.call("EXPIRE", "a", "50", "LT")).isEqualTo(integer(1));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(50));
    }

    @Test
    void aFailedConditionStreamsNothing() {
      setWithTtl("a", "1", 100_000);
      redis.call("EXPIRE", "a", "10", "GT");
      redis.call("EXPIRE", "a", "10", "NX");
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void incompatibleOptionsAreRejectedBeforeTheNumberIsRead() {
      set("a", "1");
      String nxError = error("ERR NX and XX, GT or LT options at the same time are not compatible");
      String gtLtError = error("ERR GT and LT options at the same time are not compatible");
      assertThat(redis.call("EXPIRE", "a", "10", "NX", "XX")).isEqualTo(nxError);
      assertThat(redis.call("EXPIRE", "a", "10", "NX", "GT")).isEqualTo(nxError);
      assertThat(redis.call("EXPIRE", "a", "10", "LT", "NX")).isEqualTo(nxError);
      assertThat(redis.call("EXPIRE", "a", "10", "GT", "LT", "NX")).isEqualTo(nxError);
      assertThat(redis.call("EXPIRE", "a", "10", "GT", "LT")).isEqualTo(gtLtError);
      assertThat(redis.call("EXPIRE", "a", "10", "XX", "GT", "LT")).isEqualTo(gtLtError);
      assertThat(redis.call("EXPIRE", "a", "abc", "NX", "XX")).isEqualTo(nxError);
      assertThat(redis.call("EXPIRE", "missing", "10", "NX", "XX")).isEqualTo(nxError);
      assertThat(redis.call("PEXPIREAT", "a", "10", "GT", "LT")).isEqualTo(gtLtError);
    }

    @Test
    void unknownOptionIsNamed() {
      set("a", "1");
      assertThat(redis.call("EXPIRE", "a", "10", "foo"))
          .isEqualTo(error("ERR Unsupported option foo"));
      assertThat(redis.call("EXPIRE", "a", "abc", "foo"))
          .isEqualTo(error("ERR Unsupported option foo"));
      assertThat(redis.call("EXPIRE", "a", "10", "NX", "XX", "bar"))
          .isEqualTo(error("ERR Unsupported option bar"));
    }

    @Test
    void nonIntegerTimeIsRejected() {
      set("a", "1");
      String notInteger = error("ERR value is not an integer or out of range");
      assertThat(redis.call("EXPIRE", "a", "abc")).isEqualTo(notInteger);
      assertThat(redis.call("EXPIRE", "missing", "abc")).isEqualTo(notInteger);
      assertThat(redis.call("PEXPIRE", "a", "1.5")).isEqualTo(notInteger);
      assertThat(redis.call("EXPIREAT", "a", " 1")).isEqualTo(notInteger);
      assertThat(redis.call("PEXPIREAT", "a", "9223372036854775808")).isEqualTo(notInteger);
    }

    @Test
    void overflowingTimesAreRejectedWithTheCommandName() {
      set("a", "1");
      assertThat(redis.call("EXPIRE", "a", "9223372036854775807"))
          .isEqualTo(error("ERR invalid expire time in 'expire' command"));
      assertThat(redis.call("EXPIRE", "a", "9223372036854776"))
          .isEqualTo(error("ERR invalid expire time in 'expire' command"));
      assertThat(redis.call("EXPIRE", "a", "-9223372036854776"))
          .isEqualTo(error("ERR invalid expire time in 'expire' command"));
      assertThat(redis.call("expire", "a", "9223372036854775"))
          .as("fits in milliseconds but not once now is added")
          .isEqualTo(error("ERR invalid expire time in 'expire' command"));
      assertThat(redis.call("PEXPIRE", "a", "9223372036854775807"))
          .isEqualTo(error("ERR invalid expire time in 'pexpire' command"));
      assertThat(redis.call("EXPIREAT", "a", "9223372036854776"))
          .isEqualTo(error("ERR invalid expire time in 'expireat' command"));
      assertThat(redis.call("EXPIRE", "missing", "9223372036854775807"))
          .isEqualTo(error("ERR invalid expire time in 'expire' command"));
      assertThat(redis.mutations()).isEmpty();
    }

    @Test
    void extremeButValidTimesAreAccepted() {
      set("a", "1");
      assertThat(redis.call("EXPIREAT", "a", "9223372036854775")).isEqualTo(integer(1));
      assertThat(redis.call("PEXPIREAT", "a", "9223372036854775807")).isEqualTo(integer(1));
      assertThat(redis.call("PEXPIRETIME", "a")).isEqualTo(integer(Long.MAX_VALUE));
      assertThat(redis.call("EXPIRETIME", "a")).isEqualTo(integer(9223372036854776L));
      assertThat(redis.call("PEXPIRE", "a", "-9223372036854775808")).isEqualTo(integer(1));
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(0));
    }

    @Test
    void expireWithTooFewArgumentsIsWrongArity() {
      assertThat(redis.call("EXPIRE", "a"))
          .isEqualTo(error("ERR wrong number of arguments for 'expire' command"));
      assertThat(redis.call("PEXPIREAT", "a"))
          .isEqualTo(error("ERR wrong number of arguments for 'pexpireat' command"));
    }
  }

  // --- TTL family, PERSIST ---------------------------------------------------------------------

  @Nested
  class Ttl {
    @Test
    void missingKeyIsMinusTwoAndKeyWithoutTtlMinusOne() {
      set("a", "1");
      for (String command : List.of("TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME")) {
        assertThat(redis.call(command, "missing")).as(command).isEqualTo(integer(-2));
        assertThat(redis.call(command, "a")).as(command).isEqualTo(integer(-1));
      }
    }

    @Test
    void ttlRoundsToTheNearestSecond() {
      setWithTtl("a", "1", 1_500);
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(2));
      redis.advanceMillis(1);
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(1));
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(1_499));
      redis.advanceMillis(1_000);
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(0));
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(499));
      redis.advanceMillis(499);
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(0));
      redis.advanceMillis(1);
      assertThat(redis.call("PTTL", "a")).isEqualTo(integer(-2));
    }

    @Test
    void expiretimeIsAbsoluteAndRoundsSeconds() {
      set("a", "1");
      redis.call("PEXPIREAT", "a", "1800000100499");
      assertThat(redis.call("PEXPIRETIME", "a")).isEqualTo(integer(1800000100499L));
      assertThat(redis.call("EXPIRETIME", "a")).isEqualTo(integer(1800000100L));
      redis.call("PEXPIREAT", "a", "1800000100500");
      assertThat(redis.call("EXPIRETIME", "a")).isEqualTo(integer(1800000101L));
      redis.call("EXPIREAT", "a", "1800000200");
      assertThat(redis.call("EXPIRETIME", "a")).isEqualTo(integer(1800000200L));
      assertThat(redis.call("PEXPIRETIME", "a")).isEqualTo(integer(1800000200000L));
    }

    @Test
    void persistRemovesTheTtlAndStreamsItself() {
      setWithTtl("a", "1", 10_000);
      assertThat(redis.call("PERSIST", "a")).isEqualTo(integer(1));
      assertThat(redis.call("TTL", "a")).isEqualTo(integer(-1));
      assertThat(db(0).expiresCount()).isZero();
      assertThat(redis.mutations()).containsExactly(mutation("PERSIST", "a"));
      assertThat(dirty()).isEqualTo(1);
      redis.advanceMillis(20_000);
      assertThat(redis.call("EXISTS", "a")).isEqualTo(integer(1));
    }

    @Test
    void persistWithoutTtlOrKeyChangesNothing() {
      set("a", "1");
      assertThat(redis.call("PERSIST", "a")).isEqualTo(integer(0));
      assertThat(redis.call("PERSIST", "missing")).isEqualTo(integer(0));
      assertThat(redis.mutations()).isEmpty();
      assertThat(dirty()).isZero();
    }

    @Test
    void ttlCommandsTakeExactlyOneKey() {
      assertThat(redis.call("TTL"))
          .isEqualTo(error("ERR wrong number of arguments for 'ttl' command"));
      assertThat(redis.call("PTTL", "a", "b"))
          .isEqualTo(error("ERR wrong number of arguments for 'pttl' command"));
      assertThat(redis.call("PERSIST"))
          .isEqualTo(error("ERR wrong number of arguments for 'persist' command"));
    }
  }

  // --- OBJECT ----------------------------------------------------------------------------------

  @Nested
  class ObjectCommand {
    @Test
    void stringEncodingFollowsRedisRules() {
      Map<String, String> cases =
          Map.of(
              "100",
              "int",
              "-42",
              "int",
              "9223372036854775807",
              "int",
              "9223372036854775808",
              "embstr",
              "-0",
              "embstr",
              "007",
              "embstr",
              "hello",
              "embstr",
              "x".repeat(44),
              "embstr",
              "x".repeat(45),
              "raw",
              "",
              "embstr");
      int i = 0;
      for (Map.Entry<String, String> c : cases.entrySet()) {
        set("k" + i, c.getKey());
        assertThat(redis.call("OBJECT", "ENCODING", "k" + i))
            .as(c.getKey())
            .isEqualTo(bulk(c.getValue()));
        i++;
      }
    }

    @Test
    void missingKeyAnswersNull() {
      for (String sub : List.of("ENCODING", "FREQ", "IDLETIME", "REFCOUNT")) {
        assertThat(redis.call("OBJECT", sub, "missing")).as(sub).isEqualTo(NULL);
      }
    }

    @Test
    void missingKeyAnswersRespThreeNull() {
      redis.session().protocol(3);
      assertThat(redis.call("OBJECT", "ENCODING", "missing")).isEqualTo("_\r\n");
    }

    @Test
    void refcountIsPinnedForSharedIntegers() {
      set("small", "100");
      set("zero", "0");
      set("big", "10000");
      set("text", "hello");
      set("negative", "-1");
      assertThat(redis.call("OBJECT", "REFCOUNT", "small")).isEqualTo(integer(2147483647));
      assertThat(redis.call("OBJECT", "REFCOUNT", "zero")).isEqualTo(integer(2147483647));
      assertThat(redis.call("OBJECT", "REFCOUNT", "big")).isEqualTo(integer(1));
      assertThat(redis.call("OBJECT", "REFCOUNT", "text")).isEqualTo(integer(1));
      assertThat(redis.call("OBJECT", "REFCOUNT", "negative")).isEqualTo(integer(1));
    }

    @Test
    void freqNeedsAnLfuPolicy() {
      set("a", "1");
      assertThat(redis.call("OBJECT", "FREQ", "a"))
          .isEqualTo(
              error(
                  "ERR An LFU maxmemory policy is not selected, access frequency not tracked."
                      + " Please note that when switching between policies at runtime LRU and LFU"
                      + " data will take some time to adjust."));
    }

    @Test
    void idletimeCountsWholeSecondsSinceLastAccess() {
      set("a", "1");
      assertThat(redis.call("OBJECT", "IDLETIME", "a")).isEqualTo(integer(0));
      redis.advanceMillis(42_000);
      assertThat(redis.call("OBJECT", "IDLETIME", "a")).isEqualTo(integer(42));
    }

    @Test
    void helpListsTheSubcommands() {
      List<String> lines = array("OBJECT", "HELP");
      assertThat(lines).hasSize(15);
      assertThat(lines.get(0))
          .isEqualTo("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
      assertThat(lines.get(14)).isEqualTo("    Prints this help.");
      assertThat(redis.call("object", "help")).startsWith("*15\r\n+OBJECT <subcommand>");
    }

    @Test
    void subcommandErrorsUseRedisTexts() {
      assertThat(redis.call("OBJECT"))
          .isEqualTo(error("ERR wrong number of arguments for 'object' command"));
      assertThat(redis.call("OBJECT", "ENCODING"))
          .isEqualTo(error("ERR wrong number of arguments for 'object|encoding' command"));
      assertThat(redis.call("OBJECT", "ENCODING", "a", "b"))
          .isEqualTo(error("ERR wrong number of arguments for 'object|encoding' command"));
      assertThat(redis.call("OBJECT", "HELP", "x"))
          .isEqualTo(error("ERR wrong number of arguments for 'object|help' command"));
      assertThat(redis.call("OBJECT", "foo", "a"))
          .isEqualTo(error("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
    }
  }
}
