package io.redstone.persistence.aof;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the append-only log's files live and what they are called, from the {@code dir}, {@code
 * appenddirname} and {@code appendfilename} directives (Redis 7's scheme, with Redstone's
 * suffixes):
 *
 * <pre>
 * dir/appenddirname/appendonly.aof.manifest      the manifest
 * dir/appenddirname/appendonly.aof.3.base.rss    a base: a Redstone snapshot
 * dir/appenddirname/appendonly.aof.7.incr.aof    an increment: Redstone log records
 * dir/appenddirname/temp-appendonly.aof.*        files being written
 * </pre>
 */
public final class AofLayout {
  public static final String BASE_SUFFIX = ".base.rss";
  public static final String INCR_SUFFIX = ".incr.aof";
  public static final String MANIFEST_SUFFIX = ".manifest";
  public static final String TEMP_PREFIX = "temp-";

  private final Path directory;
  private final String fileName;
  private final Pattern ownFile;
  private final Pattern incrFile;
  private final Pattern baseFile;

  /**
   * @param dir the {@code dir} directive
   * @param appendDirName {@code appenddirname}, e.g. {@code appendonlydir}
   * @param appendFileName {@code appendfilename}, e.g. {@code appendonly.aof}
   */
  public AofLayout(Path dir, String appendDirName, String appendFileName) {
    this(dir.resolve(appendDirName), appendFileName);
  }

  /** A layout whose files are directly in {@code directory}. */
  public AofLayout(Path directory, String appendFileName) {
    if (appendFileName.isEmpty() || appendFileName.contains("/") || appendFileName.contains("\\")) {
      throw new IllegalArgumentException(
          "appendfilename must be a bare file name: " + appendFileName);
    }
    this.directory = directory;
    this.fileName = appendFileName;
    String name = Pattern.quote(appendFileName);
    this.ownFile =
        Pattern.compile(
            "("
                + name
                + "\\.[0-9]+("
                + Pattern.quote(BASE_SUFFIX)
                + "|"
                + Pattern.quote(INCR_SUFFIX)
                + "))|("
                + Pattern.quote(TEMP_PREFIX)
                + name
                + "\\..*)");
    this.incrFile = Pattern.compile(name + "\\.([0-9]{1,18})" + Pattern.quote(INCR_SUFFIX));
    this.baseFile = Pattern.compile(name + "\\.[0-9]+" + Pattern.quote(BASE_SUFFIX));
  }

  /** The directory holding the manifest and the files it lists. */
  public Path directory() {
    return directory;
  }

  /** {@code appendfilename}. */
  public String fileName() {
    return fileName;
  }

  public Path manifest() {
    return directory.resolve(fileName + MANIFEST_SUFFIX);
  }

  /** Where a new manifest is written before it is renamed over {@link #manifest()}. */
  public Path tempManifest() {
    return directory.resolve(TEMP_PREFIX + fileName + MANIFEST_SUFFIX);
  }

  public String baseName(long seq) {
    return fileName + "." + seq + BASE_SUFFIX;
  }

  public String incrName(long seq) {
    return fileName + "." + seq + INCR_SUFFIX;
  }

  /** Where a rewrite writes the base of sequence {@code seq} before committing it. */
  public String tempBaseName(long seq) {
    return TEMP_PREFIX + baseName(seq);
  }

  public Path resolve(String name) {
    return directory.resolve(name);
  }

  /**
   * Whether {@code name} is one this layout creates (a base, an increment or a temporary file of
   * this appendfilename). Such a name says nothing of whether the log still needs the file: only
   * the manifest does (see {@link AofDirectory}).
   */
  public boolean isOwnFile(String name) {
    return ownFile.matcher(name).matches();
  }

  /** The sequence number in {@code name} if it is an increment's name of this layout, else -1. */
  public long incrSeqOf(String name) {
    Matcher m = incrFile.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Whether {@code name} is a base's name of this layout (not a temporary one). */
  public boolean isBaseName(String name) {
    return baseFile.matcher(name).matches();
  }
}
