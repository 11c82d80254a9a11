package io.redstone.storage.types.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The value itself: its two encodings, the conversion between them, and the stored form. */
class HashValueTest {
  private static final HashValue.Limits DEFAULTS = new HashValue.Limits(512, 64);

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, String> contents(HashValue hash) {
    Map<String, String> out = new LinkedHashMap<>();
    hash.forEach(
        (f, fo, fl, v, vo, vl) ->
            out.put(
                new String(f, fo, fl, StandardCharsets.UTF_8),
                new String(v, vo, vl, StandardCharsets.UTF_8)));
    return out;
  }

  private static HashValue hashOf(int fields, int valueLength) {
    HashValue hash = new HashValue();
    for (int i = 0; i < fields; i++) {
      hash.set(bytes("f" + i), bytes("v".repeat(valueLength) + i), DEFAULTS);
    }
    return hash;
  }

  @Test
  void packedPairsKeepLengthsPastOneLengthByte() {
    HashValue hash = new HashValue();
    HashValue.Limits wide = new HashValue.Limits(512, 100_000);
    String longValue = "x".repeat(20_000);
    hash.set(bytes("short"), bytes("1"), wide);
    hash.set(bytes("long"), bytes(longValue), wide);
    hash.set(bytes("short"), bytes("22"), wide);
    assertThat(hash.encoding()).isEqualTo("listpack");
    assertThat(contents(hash))
        .containsExactly(Map.entry("short", "22"), Map.entry("long", longValue));
    assertThat(hash.valueLength(bytes("long"))).isEqualTo(20_000);
    assertThat(hash.delete(bytes("short"))).isTrue();
    assertThat(contents(hash)).containsExactly(Map.entry("long", longValue));
  }

  @Test
  void aSameLengthUpdateChangesThePackedArrayInPlace() {
    HashValue hash = hashOf(3, 1);
    long before = hash.memory();
    hash.set(bytes("f1"), bytes("zz"), DEFAULTS);
    assertThat(hash.memory()).isEqualTo(before);
    assertThat(contents(hash)).containsEntry("f1", "zz").hasSize(3);
  }

  @Test
  void bothEncodingsRoundTripThroughTheStoredForm() {
    for (HashValue hash : new HashValue[] {hashOf(10, 3), hashOf(600, 3), new HashValue()}) {
      StoredValue stored = Values.encode(hash);
      assertThat(stored.type()).isEqualTo(ValueType.HASH);
      HashValue back = (HashValue) Values.decode(stored);
      assertThat(back.encoding()).isEqualTo(hash.encoding());
      assertThat(back.size()).isEqualTo(hash.size());
      assertThat(contents(back)).isEqualTo(contents(hash));
      assertThat(back.memory()).isEqualTo(hash.memory());
    }
  }

  @Test
  void theStoredFormSharesNothingWithTheLiveHash() {
    HashValue hash = hashOf(3, 1);
    StoredValue stored = Values.encode(hash);
    byte[] copy = stored.payload().clone();
    hash.set(bytes("f0"), bytes("Z"), DEFAULTS);
    hash.set(bytes("new"), bytes("1"), DEFAULTS);
    assertThat(stored.payload()).isEqualTo(copy);
  }

  @Test
  void aMalformedPayloadIsRefused() {
    byte[] good = Values.encode(hashOf(2, 1)).payload();
    assertThatThrownBy(() -> HashCodec.decode(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badType = good.clone();
    badType[0] = 9;
    assertThatThrownBy(() -> HashCodec.decode(badType)).hasMessageContaining("malformed");
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> HashCodec.decode(cut)).hasMessageContaining("malformed");
    byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
    assertThatThrownBy(() -> HashCodec.decode(longer)).hasMessageContaining("malformed");
  }

  @Test
  void conversionKeepsEveryPair() {
    HashValue hash = hashOf(512, 2);
    assertThat(hash.encoding()).isEqualTo("listpack");
    Map<String, String> before = contents(hash);
    hash.set(bytes("f512"), bytes("x"), DEFAULTS);
    before.put("f512", "x");
    assertThat(hash.encoding()).isEqualTo("hashtable");
    assertThat(new java.util.HashMap<>(contents(hash))).isEqualTo(new java.util.HashMap<>(before));
  }
}
