package io.redstone.persistence.aof;

import io.redstone.persistence.ReplayException;
import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.FileScan;
import io.redstone.persistence.format.MalformedPayloadException;
import io.redstone.persistence.format.RecordReader;
import java.io.IOException;
import java.nio.file.Path;

/** Reads one increment file to its end or first damage, handing each command to a handler. */
final class IncrementScanner {
  private IncrementScanner() {}

  /**
   * Reads {@code file}, counting commands (a group record counts its effects). Damage is reported
   * in the result, not thrown. An empty file is a valid empty increment; reserved space after the
   * last record is not damage.
   *
   * @throws ReplayException when {@code handler} throws
   */
  static FileScan scan(Path file, AofCommandHandler handler) throws IOException {
    AofRecordDecoder decoder = new AofRecordDecoder();
    try (RecordReader in = RecordReader.open(file, FileKind.AOF_INCREMENT)) {
      long commands = 0;
      while (in.next() == RecordReader.Next.RECORD) {
        try {
          commands += decoder.decode(in.payload(), in.payloadLength(), handler);
        } catch (MalformedPayloadException e) {
          in.rejectRecord(e.getMessage());
          break;
        } catch (RuntimeException e) {
          throw new ReplayException(file, in.recordOffset(), e);
        }
      }
      return new FileScan(file, in.size(), in.position(), commands, in.damage());
    }
  }
}
