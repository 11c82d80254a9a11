package io.redstone.storage.types.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The set encodings on their own: widths, the packed small set, conversions, the file codec. */
class SetEncodingsTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> members(SetValue set) {
    List<String> out = new ArrayList<>();
    set.forEach(member -> out.add(new String(member, StandardCharsets.UTF_8)));
    return out;
  }

  private static SetValue build(long max, String... members) {
    SetValue set = SetValue.createEmpty();
    for (String member : members) {
      set = set.add(bytes(member), max);
    }
    return set;
  }

  @Test
  void theSmallSetHoldsTenSixteenBitMembersInThirtyTwoBytes() {
    SetValue set = build(512, "32767", "-32768", "0", "-1", "1", "100", "-100", "7", "8", "9");
    assertThat(set).isInstanceOf(SmallIntSet.class);
    assertThat(set.memory()).isEqualTo(32);
    assertThat(members(set))
        .containsExactly("-32768", "-100", "-1", "0", "1", "7", "8", "9", "100", "32767");
    assertThat(set.contains(bytes("-32768"))).isTrue();
    assertThat(set.contains(bytes("32768"))).isFalse();
    assertThat(set.add(bytes("11"), 512)).isInstanceOf(IntSet.class);
  }

  @Test
  void theSmallSetIsEmptyAfterItsLastRemovalAndCanGrowAgain() {
    SetValue set = build(512, "-32768");
    assertThat(set.size()).isOne();
    assertThat(set.remove(bytes("-32768"))).isTrue();
    assertThat(set.size()).isZero();
    assertThat(members(set)).isEmpty();
    assertThat(set.add(bytes("5"), 512)).isSameAs(set);
    assertThat(members(set)).containsExactly("5");
  }

  @Test
  void aWiderMemberMovesTheSetToTheArrayOfTheNarrowestWidth() {
    SetValue set = build(512, "1", "2");
    SetValue wide = set.add(bytes("40000"), 512);
    assertThat(wide).isInstanceOf(IntSet.class);
    assertThat(wide.memory()).isEqualTo(16 + 32); // 1 + 3 * 4 bytes in a 32-byte array
    SetValue widest = wide.add(bytes("-9223372036854775808"), 512);
    assertThat(widest).isSameAs(wide);
    assertThat(members(widest)).containsExactly("-9223372036854775808", "1", "2", "40000");
    assertThat(widest.remove(bytes("2"))).isTrue();
    assertThat(widest.remove(bytes("2"))).isFalse();
    assertThat(widest.remove(bytes("x"))).isFalse();
    assertThat(members(widest)).containsExactly("-9223372036854775808", "1", "40000");
  }

  @Test
  void theIntsetKeepsAscendingOrderAgainstAModel() {
    SplittableRandom random = new SplittableRandom(7);
    SetValue set = SetValue.createEmpty();
    TreeSet<Long> model = new TreeSet<>();
    long[] scales = {100, 40_000, 5_000_000_000L};
    for (int i = 0; i < 3000; i++) {
      long value = random.nextLong(scales[i % 3]) - scales[i % 3] / 2;
      if (random.nextInt(3) == 0) {
        assertThat(set.remove(bytes(Long.toString(value)))).isEqualTo(model.remove(value));
      } else {
        set = set.add(bytes(Long.toString(value)), 1_000_000);
        model.add(value);
      }
      assertThat(set.size()).isEqualTo(model.size());
    }
    assertThat(set.encoding()).isEqualTo("intset");
    assertThat(members(set)).isEqualTo(model.stream().map(String::valueOf).toList());
  }

  @Test
  void eachEncodingConvertsToAHashTableOnTheFirstOtherMemberOrPastTheLimit() {
    assertThat(build(512, "1", "a")).isInstanceOf(HashtableSet.class);
    assertThat(build(512, "1", "70000", "a")).isInstanceOf(HashtableSet.class);
    assertThat(build(2, "1", "2")).isInstanceOf(SmallIntSet.class);
    assertThat(build(2, "1", "2", "3")).isInstanceOf(HashtableSet.class);
    assertThat(build(2, "1", "70000", "3")).isInstanceOf(HashtableSet.class);
    assertThat(build(0, "1")).isInstanceOf(HashtableSet.class);
    SetValue table = build(2, "1", "2", "3");
    assertThat(new TreeSet<>(members(table))).containsExactly("1", "2", "3");
    assertThat(table.add(bytes("3"), 2).size()).isEqualTo(3);
  }

  @Test
  void aHashTableCountsItsMembersAndGivesTheBytesBack() {
    HashtableSet set = new HashtableSet();
    long empty = set.memory();
    for (int i = 0; i < 1000; i++) {
      set.add(bytes("member-" + i), 512);
    }
    assertThat(set.memory()).isGreaterThan(empty + 1000 * 40);
    for (int i = 0; i < 1000; i++) {
      assertThat(set.remove(bytes("member-" + i))).isTrue();
    }
    assertThat(set.memory()).isEqualTo(empty);
  }

  @Test
  void randomMembersComeFromTheSet() {
    SplittableRandom random = new SplittableRandom(1);
    for (SetValue set :
        List.of(build(512, "1", "2", "3"), build(512, "1", "70000"), build(512, "a", "b"))) {
      List<String> all = members(set);
      for (int i = 0; i < 50; i++) {
        assertThat(all).contains(new String(set.random(random), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void theFileEncodingRoundTripsEveryEncodingAndRefusesDamage() {
    for (SetValue set :
        List.of(build(512, "1", "-2"), build(512, "1", "70000"), build(512, "a", "", "1"))) {
      StoredValue stored = Values.encode(set);
      assertThat(stored.type()).isEqualTo(ValueType.SET);
      SetValue loaded = (SetValue) Values.decode(stored);
      assertThat(loaded.getClass()).isEqualTo(set.getClass());
      assertThat(new TreeSet<>(members(loaded))).isEqualTo(new TreeSet<>(members(set)));
      byte[] payload = stored.payload();
      assertThatThrownBy(() -> SetCodec.decode(Arrays.copyOf(payload, payload.length - 1)))
          .isInstanceOf(IllegalArgumentException.class);
      byte[] longer = Arrays.copyOf(payload, payload.length + 1);
      assertThatThrownBy(() -> SetCodec.decode(longer))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> SetCodec.decode(new byte[] {9, 1, 1, 'a'}))
        .isInstanceOf(IllegalArgumentException.class);
    // The same member twice is not a set.
    assertThatThrownBy(() -> SetCodec.decode(new byte[] {1, 2, 1, 'a', 1, 'a'}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDuplicateIsIndependent() {
    for (SetValue set : List.of(build(512, "1"), build(512, "70000"), build(512, "a"))) {
      SetValue copy = set.duplicate();
      copy.add(bytes("2"), 512);
      assertThat(set.size()).isOne();
      assertThat(copy.size()).isEqualTo(2);
    }
  }
}
