package io.redstone.config;

import java.util.List;

/**
 * {@code bind <address> ...}: up to 16 interfaces to listen on; a {@code -} prefix makes an address
 * optional. A single empty argument means no TCP listener at all.
 */
public record BindAddresses() implements ValueKind {
  static final int MAX_ADDRESSES = 16;

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.size() > MAX_ADDRESSES) {
      throw new ConfigException("Too many bind addresses specified.");
    }
    if (args.size() == 1 && args.get(0).isEmpty()) {
      return "";
    }
    return String.join(" ", args);
  }

  @Override
  public boolean multiArg() {
    return true;
  }
}
