package io.redstone.storage.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackingTest {
  private static final String PONG = "+PONG\r\n";

  private final EngineHarness redis = new EngineHarness();
  private final List<String> trackerPushes = new ArrayList<>();
  private final List<String> receiverPushes = new ArrayList<>();
  private final ClientSession tracker = redis.newListeningSession(2, trackerPushes);
  private final ClientSession receiver = redis.newListeningSession(3, receiverPushes);

  private static String invalidate(String... keys) {
    StringBuilder out = new StringBuilder(">2\r\n$10\r\ninvalidate\r\n*" + keys.length + "\r\n");
    for (String key : keys) {
      out.append('$').append(key.length()).append("\r\n").append(key).append("\r\n");
    }
    return out.toString();
  }

  private void trackInResp3(String... options) {
    redis.callAs(tracker, "HELLO", "3");
    String[] command = new String[3 + options.length];
    command[0] = "CLIENT";
    command[1] = "TRACKING";
    command[2] = "on";
    System.arraycopy(options, 0, command, 3, options.length);
    assertThat(redis.callAs(tracker, command)).isEqualTo("+OK\r\n");
  }

  private String info(String field) {
    for (String line : redis.call("INFO", "everything").split("\r\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1);
      }
    }
    throw new AssertionError("no INFO field " + field);
  }

  @Test
  void anotherClientsWriteIsPushedAtOnceAndTheKeyIsForgotten() {
    trackInResp3();
    redis.callAs(tracker, "GET", "k");
    redis.call("SET", "k", "1");
    assertThat(trackerPushes).containsExactly(invalidate("k"));
    redis.call("SET", "k", "2");
    assertThat(trackerPushes).hasSize(1);
  }

  @Test
  void theClientsOwnWriteIsPushedAfterItsReply() {
    trackInResp3();
    redis.callAs(tracker, "MGET", "a", "b");
    assertThat(redis.callAs(tracker, "DEL", "a", "b")).isEqualTo(":0\r\n");
    redis.callAs(tracker, "SET", "a", "1");
    redis.callAs(tracker, "GET", "a");
    assertThat(redis.callAs(tracker, "SET", "a", "2")).isEqualTo("+OK\r\n" + invalidate("a"));
    assertThat(trackerPushes).isEmpty();
  }

  @Test
  void aKeyThatExpiresIsInvalidatedWhetherFoundByAReadOrByTheActiveCycle() {
    trackInResp3();
    redis.call("SET", "lazy", "v", "PX", "10");
    redis.call("SET", "active", "v", "PX", "10");
    redis.callAs(tracker, "MGET", "lazy", "active");
    redis.advanceMillis(50);
    // Another client's read deletes it: pushed at once.
    assertThat(redis.call("GET", "lazy")).isEqualTo("$-1\r\n");
    assertThat(trackerPushes).containsExactly(invalidate("lazy"));
    redis.engine().cron();
    assertThat(trackerPushes).containsExactly(invalidate("lazy"), invalidate("active"));
  }

  @Test
  void flushesSendANullInTheTrackersProtocolAndEmptyTheTable() {
    trackInResp3();
    redis.callAs(tracker, "GET", "k");
    assertThat(info("tracking_total_keys")).isEqualTo("1");
    redis.call("FLUSHALL");
    assertThat(trackerPushes).containsExactly(">2\r\n$10\r\ninvalidate\r\n_\r\n");
    assertThat(info("tracking_total_keys")).isEqualTo("0");
    assertThat(redis.callAs(tracker, "FLUSHDB"))
        .isEqualTo("+OK\r\n>2\r\n$10\r\ninvalidate\r\n_\r\n");
  }

  @Test
  void infoCountsClientsKeysItemsAndPrefixes() {
    assertThat(info("tracking_clients")).isEqualTo("0");
    trackInResp3();
    redis.callAs(receiver, "CLIENT", "TRACKING", "on");
    redis.callAs(tracker, "MGET", "a", "b", "c");
    redis.callAs(receiver, "MGET", "a", "z");
    assertThat(info("tracking_clients")).isEqualTo("2");
    assertThat(info("tracking_total_keys")).isEqualTo("4");
    assertThat(info("tracking_total_items")).isEqualTo("5");
    ClientSession third = redis.newSession(4);
    redis.callAs(third, "CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x", "PREFIX", "y");
    redis.call("CLIENT", "TRACKING", "on", "BCAST", "PREFIX", "x");
    assertThat(info("tracking_total_prefixes")).isEqualTo("2");
    redis.engine().clientDisconnected(third);
    assertThat(info("tracking_total_prefixes")).isEqualTo("1");
    redis.call("CLIENT", "TRACKING", "off");
    assertThat(info("tracking_total_prefixes")).isEqualTo("0");
    assertThat(info("tracking_clients")).isEqualTo("2");
    redis.callAs(receiver, "RESET");
    assertThat(info("tracking_clients")).isEqualTo("1");
  }

  @Test
  void theTableIsKeptWithinTrackingTableMaxKeysByInvalidatingRandomKeys() {
    trackInResp3();
    redis.call("CONFIG", "SET", "tracking-table-max-keys", "3");
    redis.callAs(tracker, "MGET", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8");
    assertThat(trackerPushes).isEmpty();
    // The next command of any client brings the table back under the limit first.
    assertThat(redis.call("PING")).isEqualTo(PONG);
    assertThat(info("tracking_total_keys")).isEqualTo("3");
    assertThat(trackerPushes).hasSize(5).doesNotHaveDuplicates();
    for (String push : trackerPushes) {
      assertThat(push).matches("(?s)>2\r\n\\$10\r\ninvalidate\r\n\\*1\r\n\\$2\r\nk[1-8]\r\n");
    }
    // 0 means no limit.
    redis.call("CONFIG", "SET", "tracking-table-max-keys", "0");
    redis.callAs(tracker, "MGET", "a1", "a2", "a3", "a4", "a5");
    redis.call("PING");
    assertThat(info("tracking_total_keys")).isEqualTo("8");
  }

  @Test
  void theLimitIsAlsoKeptByThePeriodicWorkWhenNoCommandComes() throws Exception {
    trackInResp3();
    redis.callAs(tracker, "MGET", "k1", "k2", "k3");
    redis.engine().config().set("tracking-table-max-keys", "1");
    redis.engine().cron();
    assertThat(info("tracking_total_keys")).isEqualTo("1");
    assertThat(trackerPushes).hasSize(2);
  }

  @Test
  void aResp3TrackerIsToldOnceItsRedirectTargetHasGone() {
    trackInResp3("REDIRECT", Long.toString(receiver.id()));
    redis.callAs(tracker, "GET", "k");
    redis.call("SET", "k", "1");
    assertThat(receiverPushes).isEmpty(); // a RESP2 receiver not subscribed hears nothing
    redis.callAs(tracker, "GET", "k");
    redis.engine().clientDisconnected(receiver);
    redis.call("SET", "k", "2");
    assertThat(trackerPushes).containsExactly(">2\r\n$21\r\ntracking-redir-broken\r\n:3\r\n");
    assertThat(redis.callAs(tracker, "CLIENT", "INFO")).contains(" flags=tR ", " redir=3 ");
  }

  @Test
  void aRedirectTargetInResp3GetsPushesAndInResp2WhileSubscribedMessages() {
    redis.callAs(tracker, "CLIENT", "TRACKING", "on", "REDIRECT", Long.toString(receiver.id()));
    redis.callAs(receiver, "HELLO", "3");
    redis.callAs(tracker, "GET", "k");
    redis.call("SET", "k", "1");
    assertThat(receiverPushes).containsExactly(invalidate("k"));
    redis.callAs(receiver, "HELLO", "2");
    redis.callAs(receiver, "SUBSCRIBE", "anything");
    redis.callAs(tracker, "GET", "k");
    assertThat(redis.callAs(tracker, "SET", "k", "2")).isEqualTo("+OK\r\n");
    assertThat(receiverPushes)
        .last()
        .isEqualTo("*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n*1\r\n$1\r\nk\r\n");
  }

  @Test
  void aScriptsReadRemembersTheKeysTheScriptDeclaredForItsCaller() {
    trackInResp3();
    redis.callAs(tracker, "EVAL", "return redis.call('get', KEYS[1])", "2", "declared", "other");
    redis.callAs(tracker, "EVAL", "return redis.call('set', KEYS[1], 'x')", "1", "written");
    assertThat(info("tracking_total_keys")).isEqualTo("2");
    redis.call("MSET", "declared", "1", "other", "2", "written", "3");
    assertThat(trackerPushes).containsExactly(invalidate("declared"), invalidate("other"));
  }

  @Test
  void bcastSendsOnePushPerPrefixWithTheKeysInByteOrderAfterTheCommand() {
    trackInResp3("BCAST", "PREFIX", "u:", "PREFIX", "o:");
    redis.call("MSET", "u:2", "a", "o:1", "b", "u:1", "c", "x", "d");
    assertThat(trackerPushes).containsExactly(invalidate("o:1"), invalidate("u:1", "u:2"));
    assertThat(redis.callAs(tracker, "SET", "u:9", "x")).isEqualTo("+OK\r\n" + invalidate("u:9"));
    assertThat(info("tracking_total_keys")).isEqualTo("0");
    assertThat(redis.callAs(tracker, "CLIENT", "INFO")).contains(" flags=tB ", " redir=0 ");
  }

  @Test
  void bcastWithNoloopStillHearsOfKeysThatExpiredDuringItsOwnRead() {
    trackInResp3("BCAST", "NOLOOP");
    redis.call("SET", "e", "v", "PX", "10");
    trackerPushes.clear();
    redis.advanceMillis(50);
    assertThat(redis.callAs(tracker, "GET", "e")).isEqualTo("_\r\n" + invalidate("e"));
    assertThat(redis.callAs(tracker, "SET", "mine", "v")).isEqualTo("+OK\r\n");
  }

  @Test
  void repliesOffDropRepliesButNotPushesAndOnAnswersAgain() {
    trackInResp3();
    redis.callAs(tracker, "GET", "k");
    assertThat(redis.callAs(tracker, "CLIENT", "REPLY", "OFF")).isEmpty();
    assertThat(redis.callAs(tracker, "SET", "k", "1")).isEqualTo(invalidate("k"));
    assertThat(redis.callAs(tracker, "GET", "k")).isEmpty();
    assertThat(redis.callAs(tracker, "NOSUCH")).isEmpty();
    assertThat(redis.callAs(tracker, "CLIENT", "REPLY", "ON")).isEqualTo("+OK\r\n");
    assertThat(redis.callAs(tracker, "CLIENT", "REPLY", "SKIP")).isEmpty();
    assertThat(redis.callAs(tracker, "PING")).isEmpty();
    assertThat(redis.callAs(tracker, "PING")).isEqualTo(PONG);
  }

  @Test
  void resetEndsTrackingAndTurnsRepliesBackOn() {
    trackInResp3("BCAST");
    redis.callAs(tracker, "CLIENT", "REPLY", "OFF");
    assertThat(redis.callAs(tracker, "RESET")).isEqualTo("+RESET\r\n");
    assertThat(redis.callAs(tracker, "CLIENT", "TRACKINGINFO"))
        .isEqualTo(
            "*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n"
                + "$8\r\nprefixes\r\n*0\r\n");
    redis.call("SET", "k", "v");
    assertThat(trackerPushes).isEmpty();
  }
}
