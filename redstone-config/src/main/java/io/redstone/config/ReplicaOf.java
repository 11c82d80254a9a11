package io.redstone.config;

import java.util.List;

/** {@code replicaof <host> <port>}, or {@code replicaof no one}; CONFIG GET prints "" for none. */
public record ReplicaOf() implements ValueKind {

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.size() != 2) {
      throw new ConfigException("wrong number of arguments");
    }
    if (args.get(0).equalsIgnoreCase("no") && args.get(1).equalsIgnoreCase("one")) {
      return "";
    }
    Long port = CNumbers.strtollWhole(args.get(1));
    if (port == null || port < 0 || port > 65535) {
      throw new ConfigException("Invalid master port");
    }
    return args.get(0) + " " + port;
  }

  @Override
  public boolean multiArg() {
    return true;
  }
}
