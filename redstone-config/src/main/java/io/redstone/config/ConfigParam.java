package io.redstone.config;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One directive Redis 7 knows: its name, the older names that still work, what its value looks
 * like, its default as CONFIG GET prints it, and whether Redstone acts on it.
 *
 * @param name canonical lower-case name ({@code replicaof})
 * @param aliases older names sharing the value ({@code slaveof}); CONFIG GET lists them too
 * @param kind validation and canonical form of the value
 * @param defaultValue Redstone's default, canonical
 * @param flags immutability, protection, visibility
 * @param implemented whether setting it changes Redstone's behaviour; the others are accepted and
 *     shown (so tools and config files written for Redis keep working) but have no effect
 */
public record ConfigParam(
    String name,
    List<String> aliases,
    ValueKind kind,
    String defaultValue,
    Set<ParamFlag> flags,
    boolean implemented) {

  public ConfigParam {
    aliases = List.copyOf(aliases);
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
  }

  public boolean has(ParamFlag flag) {
    return flags.contains(flag);
  }

  public boolean multiArg() {
    return kind.multiArg();
  }
}
