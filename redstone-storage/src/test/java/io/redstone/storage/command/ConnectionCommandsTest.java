package io.redstone.storage.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.EngineHarness;
import org.junit.jupiter.api.Test;

class ConnectionCommandsTest {
  private final EngineHarness redis = new EngineHarness();

  @Test
  void pingWithoutArgumentAnswersPong() {
    assertThat(redis.call("PING")).isEqualTo("+PONG\r\n");
  }

  @Test
  void pingEchoesItsArgumentAsBulk() {
    assertThat(redis.call("ping", "hello")).isEqualTo("$5\r\nhello\r\n");
  }

  @Test
  void pingWithTwoArgumentsIsWrongArity() {
    assertThat(redis.call("PING", "a", "b"))
        .isEqualTo("-ERR wrong number of arguments for 'ping' command\r\n");
  }

  @Test
  void unknownCommandListsItsArguments() {
    assertThat(redis.call("NOPE", "a", "b"))
        .isEqualTo("-ERR unknown command 'NOPE', with args beginning with: 'a' 'b' \r\n");
  }

  @Test
  void wrongArityUsesLowerCaseName() {
    assertThat(redis.call("ECHO")).isEqualTo("-ERR wrong number of arguments for 'echo' command\r\n");
  }
}
