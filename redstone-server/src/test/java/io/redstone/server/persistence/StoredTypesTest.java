package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.PartLimits;
import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import io.redstone.storage.types.list.ListValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's value types and the files' type bytes name the same types by the same codes. */
class StoredTypesTest {
  @Test
  void everyEngineTypeHasTheFileTypeOfTheSameCode() {
    for (ValueType type : ValueType.values()) {
      io.redstone.persistence.snapshot.ValueType fileType =
          StoredTypes.fileType(new StoredValue(type, new byte[0]));
      assertThat(fileType.code()).as(type.name()).isEqualTo(type.code());
      assertThat(fileType.name()).isEqualTo(type.name());
    }
  }

  @Test
  void aFileValueDecodesThroughItsType() {
    List<Object> loaded = new ArrayList<>();
    new ValueAssembler(
            EncodingLimits.DEFAULTS, (db, key, value, expireAt) -> loaded.add(value), code -> {})
        .entry(
            0,
            io.redstone.persistence.snapshot.ValueType.STRING,
            new byte[] {'k'},
            new byte[] {'v'},
            -1);
    assertThat((byte[]) loaded.get(0)).containsExactly('v');
  }

  @Test
  void aValueInPartsIsHandedOverOnceWholeWithItsExpiry() {
    ListValue list = new ListValue();
    for (int i = 0; i < 10; i++) {
      list.addLast(new byte[] {(byte) ('a' + i)});
    }
    StoredValue stored = Values.encode(list, new PartLimits(4, 1024));
    assertThat(stored.parts()).hasSize(3);
    List<String> seen = new ArrayList<>();
    ValueAssembler assembler =
        new ValueAssembler(
            EncodingLimits.DEFAULTS,
            (db, key, value, expireAt) ->
                seen.add(
                    db
                        + " "
                        + new String(key, StandardCharsets.UTF_8)
                        + " "
                        + value
                        + " "
                        + expireAt),
            code -> seen.add("library " + new String(code, StandardCharsets.UTF_8)));
    assembler.library("#!lua name=l".getBytes(StandardCharsets.UTF_8));
    assertThat(seen).containsExactly("library #!lua name=l");
    seen.clear();
    assembler.firstPart(
        2,
        io.redstone.persistence.snapshot.ValueType.LIST,
        "l".getBytes(StandardCharsets.UTF_8),
        stored.parts().get(0),
        1234L);
    assembler.nextPart(stored.parts().get(1), false);
    assertThat(seen).isEmpty();
    assembler.nextPart(stored.parts().get(2), true);
    assertThat(seen).containsExactly("2 l " + list + " 1234");
  }
}
