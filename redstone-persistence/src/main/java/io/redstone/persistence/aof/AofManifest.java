package io.redstone.persistence.aof;

import io.redstone.persistence.FileSync;
import io.redstone.protocol.text.ArgSplitter;
import io.redstone.protocol.text.ArgSplitter.Separators;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The list of files that make up the append-only log, in Redis 7's text format: one line per file,
 * base first, then history, then increments in replay order.
 *
 * <pre>
 * file appendonly.aof.2.base.rss seq 2 type b
 * file appendonly.aof.1.base.rss seq 1 type h
 * file appendonly.aof.4.incr.aof seq 4 type h
 * file appendonly.aof.5.incr.aof seq 5 type i
 * file appendonly.aof.6.incr.aof seq 6 type i
 * </pre>
 *
 * <p>History ({@code type h}) lines name the files a rewrite replaced: the only files ever deleted
 * (see {@link AofDirectory}). The increments' sequence numbers follow each other without a gap: a
 * gap means an increment's line is missing, and its records would be silently skipped.
 *
 * <p>Parsing follows Redis: {@code #} lines are comments; keys are case-insensitive and unknown
 * ones ignored (forward compatibility); names with spaces or odd bytes are double-quoted with
 * backslash escapes. Unlike Redis, a gap between increments is refused. Immutable: changes return a
 * new manifest.
 */
public final class AofManifest {
  /** A file's role. */
  public enum Type {
    BASE('b'),
    /** A file a rewrite replaced, listed until it is deleted: the only kind of file deleted. */
    HISTORY('h'),
    INCR('i');

    private final char code;

    Type(char code) {
      this.code = code;
    }

    public char code() {
      return code;
    }
  }

  /** One line: a file name (no directory), its sequence number, its role. */
  public record FileInfo(String name, long seq, Type type) {
    /** This file, as a history line: what a rewrite makes of the files it replaces. */
    public FileInfo asHistory() {
      return type == Type.HISTORY ? this : new FileInfo(name, seq, Type.HISTORY);
    }
  }

  /** Redis refuses manifest lines longer than this. */
  static final int MAX_LINE = 1024;

  private static final String INVALID = "Invalid AOF manifest file format";

  private final FileInfo base;
  private final List<FileInfo> history;
  private final List<FileInfo> increments;

  private AofManifest(FileInfo base, List<FileInfo> history, List<FileInfo> increments) {
    this.base = base;
    this.history = List.copyOf(history);
    this.increments = List.copyOf(increments);
  }

  /** A manifest of a base (or null) and increments, in order of consecutive sequence numbers. */
  public static AofManifest of(FileInfo base, List<FileInfo> increments) {
    return of(base, List.of(), increments);
  }

  /**
   * A manifest of a base (or null), history (files to delete) and increments, in order of
   * consecutive sequence numbers.
   */
  public static AofManifest of(FileInfo base, List<FileInfo> history, List<FileInfo> increments) {
    if (base != null && base.type() != Type.BASE) {
      throw new IllegalArgumentException("not a base: " + base);
    }
    for (FileInfo old : history) {
      if (old.type() != Type.HISTORY) {
        throw new IllegalArgumentException("not a history file: " + old);
      }
    }
    long last = 0;
    for (FileInfo incr : increments) {
      if (incr.type() != Type.INCR || incr.seq() <= last || (last > 0 && incr.seq() != last + 1)) {
        throw new IllegalArgumentException(
            "increments out of order, apart or mistyped: " + increments);
      }
      last = incr.seq();
    }
    Set<String> names = new HashSet<>();
    if (base != null) {
      names.add(base.name());
    }
    for (FileInfo file : history) {
      if (!names.add(file.name())) {
        throw new IllegalArgumentException("listed twice: " + file.name());
      }
    }
    for (FileInfo file : increments) {
      if (!names.add(file.name())) {
        throw new IllegalArgumentException("listed twice: " + file.name());
      }
    }
    return new AofManifest(base, history, increments);
  }

  public Optional<FileInfo> base() {
    return Optional.ofNullable(base);
  }

  /** Increments in replay order. */
  public List<FileInfo> increments() {
    return increments;
  }

  /** Files a rewrite replaced that are still listed, to be deleted. */
  public List<FileInfo> history() {
    return history;
  }

  /** Every file listed, whatever its role: base, history, increments. */
  public List<FileInfo> allFiles() {
    List<FileInfo> files = new ArrayList<>(history.size() + increments.size() + 1);
    if (base != null) {
      files.add(base);
    }
    files.addAll(history);
    files.addAll(increments);
    return files;
  }

  /** The files to load, in order: the base (if any), then the increments. */
  public List<FileInfo> loadOrder() {
    List<FileInfo> files = new ArrayList<>(increments.size() + 1);
    if (base != null) {
      files.add(base);
    }
    files.addAll(increments);
    return files;
  }

  /**
   * The highest sequence number of any listed file of {@code type}'s sequence space (base or incr).
   */
  long maxSeq(Type type) {
    long max = 0;
    if (type == Type.BASE) {
      max = base == null ? 0 : base.seq();
    } else {
      for (FileInfo incr : increments) {
        max = Math.max(max, incr.seq());
      }
    }
    for (FileInfo old : history) {
      boolean isBase = old.name().contains(".base.");
      if (isBase == (type == Type.BASE)) {
        max = Math.max(max, old.seq());
      }
    }
    return max;
  }

  /** This manifest with {@code incr} appended. */
  public AofManifest withIncrement(FileInfo incr) {
    List<FileInfo> list = new ArrayList<>(increments);
    list.add(incr);
    return of(base, history, list);
  }

  /**
   * The manifest after a rewrite, as Redis writes it: {@code newBase} replaces the base; the old
   * base and the increments before {@code firstKeptSeq} (covered by the new base) become history,
   * to be deleted, next to the history already listed.
   */
  public AofManifest afterRewrite(FileInfo newBase, long firstKeptSeq) {
    List<FileInfo> replaced = new ArrayList<>();
    if (base != null) {
      replaced.add(base.asHistory());
    }
    replaced.addAll(history);
    List<FileInfo> kept = new ArrayList<>();
    for (FileInfo incr : increments) {
      if (incr.seq() >= firstKeptSeq) {
        kept.add(incr);
      } else {
        replaced.add(incr.asHistory());
      }
    }
    return of(newBase, replaced, kept);
  }

  /** This manifest with {@code remaining} as its history lines (the others were deleted). */
  public AofManifest withHistory(List<FileInfo> remaining) {
    return of(base, remaining, increments);
  }

  /** This manifest without its history lines. */
  public AofManifest withoutHistory() {
    return new AofManifest(base, List.of(), increments);
  }

  /** The manifest's text. */
  public String format() {
    StringBuilder out = new StringBuilder();
    if (base != null) {
      formatLine(out, base);
    }
    for (FileInfo old : history) {
      formatLine(out, old);
    }
    for (FileInfo incr : increments) {
      formatLine(out, incr);
    }
    return out.toString();
  }

  private static void formatLine(StringBuilder out, FileInfo file) {
    out.append("file ")
        .append(quoteIfNeeded(file.name()))
        .append(" seq ")
        .append(file.seq())
        .append(" type ")
        .append(file.type().code())
        .append('\n');
  }

  /**
   * Writes this manifest over {@code target} atomically: a temporary file, fsync, rename, fsync of
   * the directory. A crash leaves the old manifest or the new one.
   */
  public void writeAtomically(Path target, Path temp) throws IOException {
    byte[] text = format().getBytes(StandardCharsets.US_ASCII);
    try (FileChannel out =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(text);
      while (bytes.hasRemaining()) {
        out.write(bytes);
      }
      out.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    FileSync.forceDirectory(target.toAbsolutePath().getParent());
  }

  /** Reads and parses the manifest at {@code path}. */
  public static AofManifest read(Path path) throws IOException {
    return parse(Files.readAllBytes(path), path.toString());
  }

  /**
   * Parses manifest bytes.
   *
   * @param source names the manifest in error messages
   */
  public static AofManifest parse(byte[] bytes, String source) throws AofManifestException {
    // Latin-1 keeps one char per byte, so quoted \xHH escapes and raw bytes survive tokenizing.
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    if (text.isEmpty()) {
      throw new AofManifestException(source, 0, "", "Found an empty AOF manifest");
    }
    FileInfo base = null;
    List<FileInfo> history = new ArrayList<>();
    List<FileInfo> increments = new ArrayList<>();
    Set<String> names = new HashSet<>();
    long maxIncrSeq = 0;
    int lineNumber = 0;
    int at = 0;
    while (at < text.length()) {
      lineNumber++;
      int newline = text.indexOf('\n', at);
      String raw = newline < 0 ? text.substring(at) : text.substring(at, newline);
      at = newline < 0 ? text.length() : newline + 1;
      if (raw.startsWith("#")) {
        continue;
      }
      String line = raw.strip();
      if (raw.length() + 1 > MAX_LINE) {
        throw new AofManifestException(
            source, lineNumber, shorten(line), "The AOF manifest file contains too long line");
      }
      if (newline < 0) {
        throw new AofManifestException(
            source, lineNumber, line, "The AOF manifest file ends in the middle of a line");
      }
      FileInfo file = parseLine(line, source, lineNumber);
      if (!names.add(file.name())) {
        throw new AofManifestException(source, lineNumber, line, "Found a duplicate AOF file name");
      }
      switch (file.type()) {
        case BASE -> {
          if (base != null) {
            throw new AofManifestException(
                source, lineNumber, line, "Found duplicate base file information");
          }
          base = file;
        }
        case HISTORY -> history.add(file);
        case INCR -> {
          if (file.seq() <= maxIncrSeq) {
            throw new AofManifestException(
                source, lineNumber, line, "Found a non-monotonic sequence number");
          }
          if (maxIncrSeq > 0 && file.seq() != maxIncrSeq + 1) {
            // Redis loads such a manifest; the records of the missing increment would be lost.
            throw new AofManifestException(
                source,
                lineNumber,
                line,
                "Found a gap in the incr file sequence numbers: no incr file of seq "
                    + (maxIncrSeq + 1)
                    + " is listed between seq "
                    + maxIncrSeq
                    + " and seq "
                    + file.seq());
          }
          maxIncrSeq = file.seq();
          increments.add(file);
        }
      }
    }
    if (base == null && increments.isEmpty()) {
      throw new AofManifestException(
          source, 0, "", "The AOF manifest lists neither a base nor an incr file");
    }
    return new AofManifest(base, history, increments);
  }

  private static FileInfo parseLine(String line, String source, int lineNumber)
      throws AofManifestException {
    if (line.isEmpty()) {
      throw new AofManifestException(source, lineNumber, line, INVALID);
    }
    List<String> args = splitArgs(line);
    if (args == null || args.size() < 6 || args.size() % 2 != 0) {
      throw new AofManifestException(source, lineNumber, line, INVALID);
    }
    String name = null;
    long seq = 0;
    Type type = null;
    char typeCode = 0;
    for (int i = 0; i < args.size(); i += 2) {
      String key = args.get(i);
      String value = args.get(i + 1);
      if (key.equalsIgnoreCase("file")) {
        name = new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        if (name.contains("/") || name.equals(".") || name.equals("..") || name.isEmpty()) {
          throw new AofManifestException(
              source, lineNumber, line, "File can't be a path, just a filename");
        }
      } else if (key.equalsIgnoreCase("seq")) {
        seq = parseSeq(value);
      } else if (key.equalsIgnoreCase("type")) {
        typeCode = value.isEmpty() ? 0 : value.charAt(0);
        type = null;
        for (Type t : Type.values()) {
          if (t.code == typeCode) {
            type = t;
          }
        }
      }
    }
    if (name == null || seq <= 0 || typeCode == 0) {
      throw new AofManifestException(source, lineNumber, line, INVALID);
    }
    if (type == null) {
      throw new AofManifestException(source, lineNumber, line, "Unknown AOF file type");
    }
    return new FileInfo(name, seq, type);
  }

  private static long parseSeq(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return 0;
    }
    long seq = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      seq = seq * 10 + (c - '0');
    }
    return seq;
  }

  private static String shorten(String line) {
    return line.length() <= 64 ? line : line.substring(0, 64) + "...";
  }

  /**
   * Splits a line into arguments as Redis's {@code sdssplitargs} ({@link ArgSplitter}), except that
   * an unquoted argument ends at any C blank (vertical tab and form feed too), not at a NUL.
   * Returns null on unbalanced quotes or a quote not followed by a space.
   */
  static List<String> splitArgs(String line) {
    return ArgSplitter.split(line, Separators.ANY_SPACE);
  }

  /**
   * A file name as it goes into the manifest: bare if it can be, else quoted as Redis's sdscatrepr.
   */
  static String quoteIfNeeded(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    boolean needed = bytes.length == 0 || bytes[0] == '\'';
    for (byte b : bytes) {
      if (b <= 0x20 || b >= 0x7f || b == '\\' || b == '"') {
        needed = true;
      }
    }
    if (!needed) {
      return name;
    }
    StringBuilder out = new StringBuilder("\"");
    for (byte b : bytes) {
      int c = b & 0xff;
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
          } else {
            out.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
