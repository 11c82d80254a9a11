package io.redstone.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** {@link BasicAuth}: which {@code Authorization} headers carry the configured credentials. */
class MetricsBasicAuthTest {
  private final BasicAuth auth = BasicAuth.of("prometheus", "pa:ss wörd");

  private static String encoded(String pair) {
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bothEmptyAsksForNothingAndOneAloneIsRefused() {
    assertThat(BasicAuth.of("", "")).isNull();
    assertThatThrownBy(() -> BasicAuth.of("u", "")).hasMessageContaining("go together");
    assertThatThrownBy(() -> BasicAuth.of("", "p")).hasMessageContaining("go together");
    assertThatThrownBy(() -> BasicAuth.of("a:b", "p")).hasMessageContaining("can't contain ':'");
  }

  @Test
  void theRightPairInUtf8IsAdmittedUnderAnyCaseOfTheScheme() {
    assertThat(auth.admits("Basic " + encoded("prometheus:pa:ss wörd"))).isTrue();
    assertThat(auth.admits("BASIC " + encoded("prometheus:pa:ss wörd"))).isTrue();
    assertThat(auth.admits("  basic   " + encoded("prometheus:pa:ss wörd") + " ")).isTrue();
  }

  @Test
  void anythingElseIsRefused() {
    assertThat(auth.admits(null)).isFalse();
    assertThat(auth.admits("")).isFalse();
    assertThat(auth.admits("Basic")).isFalse();
    assertThat(auth.admits("Basic ")).isFalse();
    assertThat(auth.admits("Basic %%%")).isFalse();
    assertThat(auth.admits("Bearer " + encoded("prometheus:pa:ss wörd"))).isFalse();
    assertThat(auth.admits("Basic " + encoded("prometheus"))).isFalse();
    assertThat(auth.admits("Basic " + encoded("prometheus:pa:ss word"))).isFalse();
    assertThat(auth.admits("Basic " + encoded("prometheus:pa:ss wörd "))).isFalse();
    assertThat(auth.admits("Basic " + encoded("prometheus:"))).isFalse();
    assertThat(auth.admits("Basic " + encoded(":pa:ss wörd"))).isFalse();
    assertThat(auth.admits("Basic " + encoded("prometheu:pa:ss wörd"))).isFalse();
  }

  @Test
  void itsTextShowsNoSecret() {
    assertThat(auth.toString()).doesNotContain("prometheus").doesNotContain("wörd");
  }
}
