package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.storage.types.StoredValue;
import io.redstone.storage.types.ValueType;
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
    Object value =
        StoredTypes.decode(io.redstone.persistence.snapshot.ValueType.STRING, new byte[] {'v'});
    assertThat((byte[]) value).containsExactly('v');
  }
}
