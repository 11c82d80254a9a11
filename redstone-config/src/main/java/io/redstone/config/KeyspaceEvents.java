package io.redstone.config;

import java.util.List;

/**
 * {@code notify-keyspace-events}: class letters ({@code K} keyspace, {@code E} keyevent, {@code
 * g$lshzxetd} per type, {@code A} for all of those, {@code m} key miss, {@code n} new key). CONFIG
 * GET prints them in Redis's canonical order, with {@code A} when every type class is on; the
 * stored value keeps an {@code n} that Redis's printout drops beside {@code A}.
 */
public record KeyspaceEvents() implements ValueKind {
  private static final String TYPE_CLASSES = "g$lshzxetd";
  private static final String ORDER = "g$lshzxetdn";

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    String classes = args.get(0);
    StringBuilder seen = new StringBuilder();
    for (int i = 0; i < classes.length(); i++) {
      char c = classes.charAt(i);
      if (c == 'A') {
        seen.append(TYPE_CLASSES);
      } else if (ORDER.indexOf(c) >= 0 || c == 'K' || c == 'E' || c == 'm') {
        seen.append(c);
      } else {
        throw new ConfigException("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
      }
    }
    return print(seen.toString());
  }

  /** As Redis prints the classes: {@code n} is not shown beside {@code A}. */
  @Override
  public String shown(String stored) {
    return stored.startsWith("An") ? "A" + stored.substring(2) : stored;
  }

  private static String print(String classes) {
    StringBuilder out = new StringBuilder();
    boolean all = TYPE_CLASSES.chars().allMatch(c -> classes.indexOf(c) >= 0);
    if (all) {
      // With every type class on, "A" stands for them. Redis does not print "n" then, but still
      // emits new-key events: it is kept here and left out by shown().
      out.append('A');
      if (classes.indexOf('n') >= 0) {
        out.append('n');
      }
    } else {
      for (int i = 0; i < ORDER.length(); i++) {
        char c = ORDER.charAt(i);
        if (classes.indexOf(c) >= 0) {
          out.append(c);
        }
      }
    }
    for (char c : new char[] {'K', 'E', 'm'}) {
      if (classes.indexOf(c) >= 0) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
