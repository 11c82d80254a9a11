package io.redstone.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BindAddressTest {

  @Test
  void leadingDashMarksAnAddressOptional() {
    assertThat(BindAddress.parseAll("127.0.0.1 -::1"))
        .containsExactly(new BindAddress("127.0.0.1", false), new BindAddress("::1", true));
  }

  @Test
  void redisWildcardsBecomeAnyAddress() {
    assertThat(BindAddress.parseAll("* -::*"))
        .containsExactly(new BindAddress("0.0.0.0", false), new BindAddress("::", true));
  }
}
