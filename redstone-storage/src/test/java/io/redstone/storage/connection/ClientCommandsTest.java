package io.redstone.storage.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.ClientSession;
import io.redstone.storage.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  /** A connected client with an address, whose closes the test can count. */
  private static final class FakeLink implements ClientSession.Link {
    int closes;

    @Override
    public void closeAfterReplies() {
      closes++;
    }

    @Override
    public int fd() {
      return 9;
    }
  }

  private ClientSession connect(long id, String address, FakeLink link) {
    ClientSession client = new ClientSession(id, address, "127.0.0.1:6379", redis.now(), link);
    redis.engine().clients().add(client);
    return client;
  }

  /** The lines of a CLIENT LIST bulk reply. */
  private static List<String> lines(String reply) {
    String text = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void idAnswersTheSessionId() {
    assertThat(redis.call("CLIENT", "ID")).isEqualTo(":1\r\n");
  }

  @Test
  void getnameIsNullUntilANameIsSet() {
    assertThat(redis.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
    assertThat(redis.call("CLIENT", "SETNAME", "worker-1")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "GETNAME")).isEqualTo("$8\r\nworker-1\r\n");
    assertThat(redis.call("client", "setname", "")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "GETNAME")).isEqualTo("$-1\r\n");
  }

  @Test
  void setnameRefusesSpacesAndNonPrintableBytes() {
    String error = "-ERR Client names cannot contain spaces, newlines or special characters.\r\n";
    assertThat(redis.call("CLIENT", "SETNAME", "a b")).isEqualTo(error);
    assertThat(redis.call("CLIENT", "SETNAME", "a\nb")).isEqualTo(error);
    assertThat(redis.call("CLIENT", "SETNAME", "é")).isEqualTo(error);
    assertThat(redis.session().name()).isEmpty();
  }

  @Test
  void infoDescribesTheCallerInRedisFieldOrder() {
    connect(7, "10.0.0.1:5000", new FakeLink());
    redis.call("CLIENT", "SETNAME", "me");
    redis.call("SELECT", "2");

    assertThat(redis.call("CLIENT", "INFO"))
        .isEqualTo(
            "$250\r\nid=1 addr= laddr= fd=-1 name=me age=0 idle=0 flags=N db=2 sub=0 psub=0"
                + " ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=10 multi-mem=0 rbs=1024 rbp=0"
                + " obl=0 oll=0 omem=0 tot-mem=2058 events=r cmd=client|info user=default"
                + " redir=-1 resp=2 lib-name= lib-ver=\n\r\n");
  }

  @Test
  void listShowsEveryClientWithItsLastCommandAndIdleTime() {
    ClientSession other = connect(7, "10.0.0.1:5000", new FakeLink());
    redis.callAs(other, "PING");
    redis.advanceMillis(3_000);

    List<String> lines = lines(redis.call("CLIENT", "LIST"));

    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith("id=1 addr= ").contains(" cmd=client|list ");
    assertThat(lines.get(1))
        .startsWith("id=7 addr=10.0.0.1:5000 laddr=127.0.0.1:6379 fd=9 name= age=3 idle=3 ")
        .contains(" argv-mem=0 ")
        .contains(" cmd=ping ");
  }

  @Test
  void listFiltersByTypeOrByIds() {
    connect(7, "10.0.0.1:5000", new FakeLink());
    assertThat(lines(redis.call("CLIENT", "LIST", "TYPE", "normal"))).hasSize(2);
    assertThat(redis.call("CLIENT", "LIST", "TYPE", "replica")).isEqualTo("$0\r\n\r\n");
    assertThat(lines(redis.call("CLIENT", "LIST", "ID", "7", "99", "1")))
        .extracting(line -> line.substring(0, line.indexOf(' ')))
        .containsExactly("id=7", "id=1");
  }

  @Test
  void listRejectsBadFilters() {
    assertThat(redis.call("CLIENT", "LIST", "TYPE", "foo"))
        .isEqualTo("-ERR Unknown client type 'foo'\r\n");
    assertThat(redis.call("CLIENT", "LIST", "ID", "1", "x"))
        .isEqualTo("-ERR Invalid client ID\r\n");
    assertThat(redis.call("CLIENT", "LIST", "ID")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("CLIENT", "LIST", "TYPE", "normal", "ID", "1"))
        .isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void listIsAVerbatimStringInResp3() {
    redis.call("HELLO", "3");
    assertThat(redis.call("CLIENT", "LIST")).startsWith("=").contains("\r\ntxt:id=1 ");
  }

  @Test
  void setinfoStoresTheLibraryShownInTheList() {
    assertThat(redis.call("CLIENT", "SETINFO", "lib-name", "jedis")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "SETINFO", "LIB-VER", "5.1.0")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "INFO")).endsWith(" lib-name=jedis lib-ver=5.1.0\n\r\n");
  }

  @Test
  void setinfoRejectsUnknownAttributesAndSpaces() {
    assertThat(redis.call("CLIENT", "SETINFO", "color", "red"))
        .isEqualTo("-ERR Unrecognized option 'color'\r\n");
    assertThat(redis.call("CLIENT", "SETINFO", "lib-name", "my lib"))
        .isEqualTo("-ERR lib-name cannot contain spaces, newlines or special characters.\r\n");
  }

  @Test
  void killByAddressClosesThatClient() {
    FakeLink link = new FakeLink();
    ClientSession other = connect(7, "10.0.0.1:5000", link);
    assertThat(redis.call("CLIENT", "KILL", "10.0.0.1:5000")).isEqualTo("+OK\r\n");
    assertThat(other.closing()).isTrue();
    assertThat(link.closes).isEqualTo(1);
    assertThat(redis.call("CLIENT", "KILL", "10.0.0.1:5000")).isEqualTo("-ERR No such client\r\n");
    assertThat(lines(redis.call("CLIENT", "LIST"))).hasSize(1);
  }

  @Test
  void killWithFiltersCountsKilledClientsAndSparesTheCaller() {
    ClientSession a = connect(7, "10.0.0.1:5000", new FakeLink());
    ClientSession b = connect(8, "10.0.0.2:5000", new FakeLink());
    assertThat(redis.call("CLIENT", "KILL", "ID", "7")).isEqualTo(":1\r\n");
    assertThat(a.closing()).isTrue();
    assertThat(b.closing()).isFalse();
    assertThat(redis.call("CLIENT", "KILL", "TYPE", "normal", "USER", "default"))
        .isEqualTo(":1\r\n");
    assertThat(b.closing()).isTrue();
    assertThat(redis.session().closing()).isFalse();
    assertThat(redis.call("CLIENT", "KILL", "ID", "1", "SKIPME", "no")).isEqualTo(":1\r\n");
    assertThat(redis.session().closing()).isTrue();
  }

  @Test
  void killRejectsBadFilters() {
    assertThat(redis.call("CLIENT", "KILL", "ID", "0"))
        .isEqualTo("-ERR client-id should be greater than 0\r\n");
    assertThat(redis.call("CLIENT", "KILL", "ID", "x"))
        .isEqualTo("-ERR client-id should be greater than 0\r\n");
    assertThat(redis.call("CLIENT", "KILL", "TYPE", "foo"))
        .isEqualTo("-ERR Unknown client type 'foo'\r\n");
    assertThat(redis.call("CLIENT", "KILL", "USER", "nobody"))
        .isEqualTo("-ERR No such user 'nobody'\r\n");
    assertThat(redis.call("CLIENT", "KILL", "ID", "1", "SKIPME"))
        .isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("CLIENT", "KILL", "SKIPME", "maybe")).isEqualTo("-ERR syntax error\r\n");
    assertThat(redis.call("CLIENT", "KILL", "ID", "99")).isEqualTo(":0\r\n");
  }

  @Test
  void noEvictAndNoTouchShowAsFlags() {
    assertThat(redis.call("CLIENT", "NO-EVICT", "on")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "NO-TOUCH", "ON")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "INFO")).contains(" flags=eT ");
    assertThat(redis.call("CLIENT", "NO-EVICT", "off")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "INFO")).contains(" flags=T ");
    assertThat(redis.call("CLIENT", "NO-EVICT", "maybe")).isEqualTo("-ERR syntax error\r\n");
  }

  @Test
  void pauseValidatesLikeRedis() {
    assertThat(redis.call("CLIENT", "PAUSE", "10")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "PAUSE", "10", "write")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "UNPAUSE")).isEqualTo("+OK\r\n");
    assertThat(redis.call("CLIENT", "PAUSE", "abc"))
        .isEqualTo("-ERR timeout is not an integer or out of range\r\n");
    assertThat(redis.call("CLIENT", "PAUSE", "-1")).isEqualTo("-ERR timeout is negative\r\n");
    assertThat(redis.call("CLIENT", "PAUSE", "10", "foo"))
        .isEqualTo("-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n");
    assertThat(redis.call("CLIENT", "PAUSE", "10", "write", "x"))
        .isEqualTo(
            "-ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT"
                + " HELP.\r\n");
  }

  @Test
  void unknownSubcommandPointsToHelp() {
    assertThat(redis.call("CLIENT", "foo"))
        .isEqualTo("-ERR unknown subcommand 'foo'. Try CLIENT HELP.\r\n");
    assertThat(redis.call("CLIENT", "ID", "x"))
        .isEqualTo("-ERR wrong number of arguments for 'client|id' command\r\n");
    assertThat(redis.call("CLIENT"))
        .isEqualTo("-ERR wrong number of arguments for 'client' command\r\n");
  }

  @Test
  void helpListsSubcommandsAsStatusLines() {
    assertThat(redis.call("client", "help"))
        .startsWith("*")
        .contains("\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
        .endsWith("+HELP\r\n+    Prints this help.\r\n");
  }
}
