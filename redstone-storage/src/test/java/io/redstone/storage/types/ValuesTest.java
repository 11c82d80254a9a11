package io.redstone.storage.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aStringIsItsBareBytesAndReportsRedisesName() {
    assertThat(Values.type(bytes("v"))).isEqualTo(ValueType.STRING);
    assertThat(ValueType.STRING.typeName()).isEqualTo("string");
  }

  @Test
  void aDuplicateIsIndependentOfItsOriginal() {
    byte[] original = bytes("abc");
    byte[] copy = (byte[]) Values.duplicate(original);
    copy[0] = 'x';
    assertThat(original).isEqualTo(bytes("abc"));
  }

  @Test
  void aStoredValueDecodesToAnEqualValue() {
    StoredValue stored = Values.encode(bytes("hello"));
    assertThat(stored.type()).isEqualTo(ValueType.STRING);
    assertThat((byte[]) Values.decode(stored)).isEqualTo(bytes("hello"));
  }

  @Test
  void sharedIntegersAreTheSmallCanonicalOnes() {
    assertThat(Values.mayBeShared(bytes("0"))).isTrue();
    assertThat(Values.mayBeShared(bytes("9999"))).isTrue();
    assertThat(Values.mayBeShared(bytes("10000"))).isFalse();
    assertThat(Values.mayBeShared(bytes("-1"))).isFalse();
    assertThat(Values.mayBeShared(bytes("01"))).isFalse();
  }

  @Test
  void memoryCountsTheArrayWithItsHeaderPaddedToEight() {
    assertThat(Values.memory(new byte[0])).isEqualTo(16);
    assertThat(Values.memory(new byte[1])).isEqualTo(24);
    assertThat(Values.memory(new byte[8])).isEqualTo(24);
    assertThat(Values.memory(new byte[9])).isEqualTo(32);
  }

  @Test
  void persistedCodesNeverChange() {
    // Files written by earlier versions carry these bytes.
    assertThat(ValueType.STRING.code()).isZero();
    assertThat(ValueType.fromCode(0)).isEqualTo(ValueType.STRING);
    assertThat(ValueType.fromCode(99)).isNull();
  }

  @Test
  void anObjectThatIsNoValueTypeIsRefused() {
    assertThatThrownBy(() -> Values.type("a java string"))
        .isInstanceOf(IllegalStateException.class);
  }
}
