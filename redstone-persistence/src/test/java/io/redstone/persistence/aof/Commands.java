package io.redstone.persistence.aof;

import io.redstone.persistence.format.FileKind;
import io.redstone.persistence.format.RecordBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: commands as comparable values, and increment files made of them. */
final class Commands {
  private Commands() {}

  /** A replayed command, comparable (arrays compared by content). */
  record Command(int db, List<String> argv) {
    static Command of(int db, byte[][] argv) {
      List<String> args = new ArrayList<>();
      for (byte[] arg : argv) {
        args.add(new String(arg, StandardCharsets.ISO_8859_1));
      }
      return new Command(db, args);
    }

    byte[][] bytes() {
      return argv.stream().map(a -> a.getBytes(StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);
    }
  }

  static Command cmd(int db, String... argv) {
    return new Command(db, Arrays.asList(argv));
  }

  /** Collects what a load or scan replays. */
  static final class Recorder implements AofCommandHandler {
    final List<Command> seen = new ArrayList<>();

    @Override
    public void command(int db, byte[][] argv) {
      seen.add(Command.of(db, argv));
    }
  }

  /** The bytes of an increment file holding {@code commands}. */
  static byte[] incrementBytes(List<Command> commands) {
    RecordBuffer out = new RecordBuffer(64);
    out.writeBytes(FileKind.AOF_INCREMENT.header());
    AofRecordEncoder encoder = new AofRecordEncoder();
    for (Command c : commands) {
      encoder.encode(c.db(), c.bytes(), out);
    }
    return out.toByteArray();
  }

  /** The records of {@code commands}, without a file header: what an append writes. */
  static ByteBuffer records(Command... commands) {
    RecordBuffer out = new RecordBuffer(64);
    AofRecordEncoder encoder = new AofRecordEncoder();
    for (Command c : commands) {
      encoder.encode(c.db(), c.bytes(), out);
    }
    return out.asByteBuffer();
  }

  /** Offsets where each record starts, then the end of the file. */
  static long[] recordBoundaries(List<Command> commands) {
    long[] at = new long[commands.size() + 1];
    RecordBuffer out = new RecordBuffer(64);
    AofRecordEncoder encoder = new AofRecordEncoder();
    at[0] = FileKind.HEADER_SIZE;
    for (int i = 0; i < commands.size(); i++) {
      at[i + 1] = at[i] + encoder.encode(commands.get(i).db(), commands.get(i).bytes(), out);
    }
    return at;
  }

  static Path writeIncrement(Path file, List<Command> commands) throws IOException {
    Files.write(file, incrementBytes(commands));
    return file;
  }
}
