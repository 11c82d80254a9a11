package io.redstone.persistence.aof;

import java.io.IOException;

/**
 * A manifest that cannot be used, in Redis's words ({@code Invalid AOF manifest file format},
 * {@code Found a non-monotonic sequence number}, ...), with the file, line number and line.
 */
public final class AofManifestException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int lineNumber;
  private final String line;
  private final String reason;

  /**
   * @param lineNumber 1-based, or 0 when the problem is the manifest as a whole
   */
  public AofManifestException(String source, int lineNumber, String line, String reason) {
    super(
        reason
            + " (AOF manifest "
            + source
            + (lineNumber > 0 ? ", line " + lineNumber + ": '" + line + "'" : "")
            + ")");
    this.source = source;
    this.lineNumber = lineNumber;
    this.line = line;
    this.reason = reason;
  }

  public String source() {
    return source;
  }

  public int lineNumber() {
    return lineNumber;
  }

  public String line() {
    return line;
  }

  public String reason() {
    return reason;
  }

  /** The report Redis logs before exiting on a bad manifest. */
  public String report() {
    StringBuilder out = new StringBuilder("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
    if (lineNumber > 0) {
      out.append("Reading the manifest file ")
          .append(source)
          .append(", at line ")
          .append(lineNumber)
          .append('\n')
          .append(">>> '")
          .append(line)
          .append("'\n");
    } else {
      out.append("Reading the manifest file ").append(source).append('\n');
    }
    return out.append(reason).toString();
  }
}
