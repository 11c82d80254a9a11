package io.redstone.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** Makes directory changes (a created, renamed or deleted file) durable. */
public final class FileSync {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private FileSync() {}

  /**
   * fsyncs {@code directory}, so that a rename or a new file in it survives a crash: on Linux a
   * renamed file's data can be durable while the rename itself is not until the directory is.
   * Windows cannot open a directory for this and makes renames durable on its own.
   */
  public static void forceDirectory(Path directory) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }
}
