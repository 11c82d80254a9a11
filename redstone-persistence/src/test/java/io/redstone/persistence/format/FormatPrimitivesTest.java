package io.redstone.persistence.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The buffer and payload reader under the record formats. */
class FormatPrimitivesTest {
  @Test
  void varintsRoundTripAtEveryWidth() throws MalformedPayloadException {
    int[] values = {
      0,
      1,
      127,
      128,
      16_383,
      16_384,
      2_097_151,
      2_097_152,
      268_435_455,
      268_435_456,
      Integer.MAX_VALUE
    };
    RecordBuffer out = new RecordBuffer(8);
    for (int value : values) {
      int before = out.length();
      out.writeVarint(value);
      assertThat(out.length() - before).isEqualTo(RecordBuffer.varintSize(value));
    }
    PayloadReader in = new PayloadReader().reset(out.array(), out.length());
    for (int value : values) {
      assertThat(in.readVarint()).isEqualTo(value);
    }
    in.expectEnd();
  }

  @Test
  void aVarintBeyondIntRangeIsMalformed() {
    byte[] tooBig = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x08};
    assertThatThrownBy(() -> new PayloadReader().reset(tooBig, 5).readVarint())
        .isInstanceOf(MalformedPayloadException.class);
    byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    assertThatThrownBy(() -> new PayloadReader().reset(tooLong, 6).readVarint())
        .isInstanceOf(MalformedPayloadException.class);
  }

  @Test
  void aLengthRunningPastThePayloadIsMalformedNotAnAllocation() {
    RecordBuffer out = new RecordBuffer(8);
    out.writeVarint(Integer.MAX_VALUE);
    out.writeBytes(new byte[3]);
    assertThatThrownBy(
            () -> new PayloadReader().reset(out.array(), out.length()).readLengthPrefixed())
        .isInstanceOf(MalformedPayloadException.class)
        .hasMessageContaining("3 bytes left");
  }

  @Test
  void longsAndTrailingBytes() throws MalformedPayloadException {
    RecordBuffer out = new RecordBuffer(8);
    out.writeLong(-2L);
    out.writeLong(1_700_000_000_123L);
    out.writeByte(9);
    PayloadReader in = new PayloadReader().reset(out.array(), out.length());
    assertThat(in.readLong()).isEqualTo(-2L);
    assertThat(in.readLong()).isEqualTo(1_700_000_000_123L);
    assertThatThrownBy(in::expectEnd).hasMessageContaining("1 unexpected bytes");
  }

  @Test
  void clearGivesBackAnArrayThatGrewPastTheRetainedCapacity() {
    RecordBuffer out = new RecordBuffer(16, 1024);
    out.writeBytes(new byte[100]);
    byte[] kept = out.array();
    out.clear();
    assertThat(out.array()).isSameAs(kept);
    assertThat(out.isEmpty()).isTrue();

    out.writeBytes(new byte[5000]);
    out.clear();
    assertThat(out.array()).hasSize(16);
  }
}
