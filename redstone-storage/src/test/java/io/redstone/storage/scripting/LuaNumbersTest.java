package io.redstone.storage.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LuaNumbersTest {
  @Test
  void fourteenSignificantDigitsAsLua51Prints() {
    assertThat(LuaNumbers.g14(1.0 / 3)).isEqualTo("0.33333333333333");
    assertThat(LuaNumbers.g14(1e15)).isEqualTo("1e+15");
    assertThat(LuaNumbers.g14(Math.pow(2, 53))).isEqualTo("9.007199254741e+15");
    assertThat(LuaNumbers.g14(100)).isEqualTo("100");
    assertThat(LuaNumbers.g14(-0.5)).isEqualTo("-0.5");
    assertThat(LuaNumbers.g14(1e-5)).isEqualTo("1e-05");
    assertThat(LuaNumbers.g14(Double.POSITIVE_INFINITY)).isEqualTo("inf");
  }

  @Test
  void truncationAsX86CastsDoubles() {
    assertThat(LuaNumbers.truncate(2.9)).isEqualTo(2);
    assertThat(LuaNumbers.truncate(-2.9)).isEqualTo(-2);
    assertThat(LuaNumbers.truncate(Double.NaN)).isEqualTo(Long.MIN_VALUE);
    assertThat(LuaNumbers.truncate(1e300)).isEqualTo(Long.MIN_VALUE);
  }
}
