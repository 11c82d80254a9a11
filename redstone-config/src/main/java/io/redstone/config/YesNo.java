package io.redstone.config;

import java.util.List;

/** {@code yes} or {@code no}, in any case. */
public record YesNo() implements ValueKind {
  static final String NOT_YES_NO = "argument must be 'yes' or 'no'";

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    String value = args.get(0);
    if (value.equalsIgnoreCase("yes")) {
      return "yes";
    }
    if (value.equalsIgnoreCase("no")) {
      return "no";
    }
    throw new ConfigException(NOT_YES_NO);
  }
}
