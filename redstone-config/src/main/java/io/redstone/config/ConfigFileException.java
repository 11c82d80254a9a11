package io.redstone.config;

/**
 * A config file or command line Redis would refuse to start with: where (source, line number, the
 * line) and why, in Redis's words ({@code Bad directive or wrong number of arguments}, {@code
 * argument must be 'yes' or 'no'}, ...).
 */
public final class ConfigFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int lineNumber;
  private final String line;
  private final String reason;

  public ConfigFileException(String source, int lineNumber, String line, String reason) {
    super(source + ":" + lineNumber + ": '" + line + "': " + reason);
    this.source = source;
    this.lineNumber = lineNumber;
    this.line = line;
    this.reason = reason;
  }

  /** The file name, or {@link CommandLine#SOURCE} for {@code --name value} arguments. */
  public String source() {
    return source;
  }

  /** 1-based line within the source. */
  public int lineNumber() {
    return lineNumber;
  }

  /** The offending line, trimmed, as Redis echoes it. */
  public String line() {
    return line;
  }

  /** Redis's reason, e.g. {@code Bad directive or wrong number of arguments}. */
  public String reason() {
    return reason;
  }

  /**
   * The report Redis prints before exiting, naming the source as well:
   *
   * <pre>
   * *** FATAL CONFIG FILE ERROR (Redis 7.2.4) ***
   * Reading the configuration file redis.conf, at line 3
   * &gt;&gt;&gt; 'port abc'
   * argument couldn't be parsed into an integer
   * </pre>
   */
  public String report(String redisVersion) {
    return "\n*** FATAL CONFIG FILE ERROR (Redis "
        + redisVersion
        + ") ***\nReading the configuration file "
        + source
        + ", at line "
        + lineNumber
        + "\n>>> '"
        + line
        + "'\n"
        + reason;
  }
}
