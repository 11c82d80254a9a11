package io.redstone.persistence.aof;

import io.redstone.persistence.aof.AofManifest.FileInfo;
import io.redstone.persistence.aof.AofManifest.Type;
import io.redstone.persistence.aof.Commands.Command;
import io.redstone.persistence.snapshot.SnapshotFile;
import io.redstone.persistence.snapshot.SnapshotWriter;
import io.redstone.persistence.snapshot.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds AOF directories for tests, file by file, as the server would have left them. */
final class AofFixture {
  final AofLayout layout;

  AofFixture(Path dataDir) throws IOException {
    layout = new AofLayout(dataDir, "appendonlydir", "appendonly.aof");
    Files.createDirectories(layout.directory());
  }

  /** A base snapshot of seq {@code seq} with string keys {@code keys} (value = key + "-v"). */
  Path base(long seq, String... keys) throws IOException {
    Path target = layout.resolve(layout.baseName(seq));
    try (SnapshotFile file = SnapshotFile.create(target, 1_000L, Map.of())) {
      for (String key : keys) {
        file.writer()
            .entry(0, ValueType.STRING, bytes(key), bytes(key + "-v"), SnapshotWriter.NO_EXPIRY);
      }
      file.commit();
    }
    return target;
  }

  Path incr(long seq, Command... commands) throws IOException {
    return Commands.writeIncrement(layout.resolve(layout.incrName(seq)), List.of(commands));
  }

  /** The manifest listing base {@code baseSeq} (0: none) and the increments. */
  void manifest(long baseSeq, long... incrSeqs) throws IOException {
    FileInfo base =
        baseSeq == 0 ? null : new FileInfo(layout.baseName(baseSeq), baseSeq, Type.BASE);
    List<FileInfo> incrs = new ArrayList<>();
    for (long seq : incrSeqs) {
      incrs.add(new FileInfo(layout.incrName(seq), seq, Type.INCR));
    }
    AofManifest.of(base, incrs).writeAtomically(layout.manifest(), layout.tempManifest());
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** What a load hands over, in order: {@code base:<key>} and {@code <db> <argv...>}. */
  static final class Replay {
    final List<String> events = new ArrayList<>();

    io.redstone.persistence.snapshot.SnapshotEntryHandler base() {
      return (db, type, key, value, expireAt) ->
          events.add("base:" + new String(key, StandardCharsets.UTF_8));
    }

    AofCommandHandler commands() {
      return (db, argv) -> {
        StringBuilder line = new StringBuilder().append(db);
        for (byte[] arg : argv) {
          line.append(' ').append(new String(arg, StandardCharsets.UTF_8));
        }
        events.add(line.toString());
      };
    }
  }
}
