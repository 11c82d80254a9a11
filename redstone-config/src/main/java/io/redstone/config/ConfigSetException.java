package io.redstone.config;

/**
 * A refused CONFIG SET (or {@link ConfigRegistry#set}), with what Redis's reply needs: whether the
 * directive was unknown, which argument it concerns, and why.
 */
public final class ConfigSetException extends ConfigException {
  private static final long serialVersionUID = 1L;

  private final boolean unknownOption;
  private final String argument;
  private final String reason;

  private ConfigSetException(boolean unknownOption, String argument, String reason) {
    super(
        unknownOption
            ? "Unknown option or number of arguments for CONFIG SET - '" + argument + "'"
            : "CONFIG SET failed (possibly related to argument '" + argument + "') - " + reason);
    this.unknownOption = unknownOption;
    this.argument = argument;
    this.reason = reason;
  }

  static ConfigSetException unknownOption(String name) {
    return new ConfigSetException(true, name, null);
  }

  static ConfigSetException failed(String argument, String reason) {
    return new ConfigSetException(false, argument, reason);
  }

  /** The name is not a directive (reply {@code Unknown option or number of arguments ...}). */
  public boolean unknownOption() {
    return unknownOption;
  }

  /** The directive name the error mentions, spelled as Redis would. */
  public String argument() {
    return argument;
  }

  /** Why the value was refused ({@code argument must be 'yes' or 'no'}); null for unknown names. */
  public String reason() {
    return reason;
  }
}
