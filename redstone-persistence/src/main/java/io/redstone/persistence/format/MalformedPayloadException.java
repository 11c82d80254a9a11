package io.redstone.persistence.format;

/**
 * A record whose checksums hold but whose payload does not parse: written by a newer or broken
 * writer, never by a torn write. Readers turn it into corruption at the record's offset.
 */
public final class MalformedPayloadException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPayloadException(String message) {
    super(message);
  }
}
