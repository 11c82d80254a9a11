package io.redstone.config;

/** A directive or value Redis would refuse; the message is the reason Redis gives. */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
