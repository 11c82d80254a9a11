package io.redstone.storage.command;

import io.redstone.storage.admin.ConfigCommands;
import io.redstone.storage.admin.DiagnosticCommands;
import io.redstone.storage.admin.IntrospectionCommands;
import io.redstone.storage.admin.MemoryCommands;
import io.redstone.storage.admin.PersistenceCommands;
import io.redstone.storage.admin.ServerCommands;
import io.redstone.storage.connection.ClientCommands;
import io.redstone.storage.connection.ConnectionCommands;
import io.redstone.storage.keys.KeyCommands;
import io.redstone.storage.keys.SortCommand;
import io.redstone.storage.pubsub.PubSubCommands;
import io.redstone.storage.scripting.ScriptingCommands;
import io.redstone.storage.types.geo.GeoCommands;
import io.redstone.storage.types.hash.HashCommands;
import io.redstone.storage.types.list.ListCommands;
import io.redstone.storage.types.set.SetCommands;
import io.redstone.storage.types.string.StringCommands;
import io.redstone.storage.types.zset.ZSetCommands;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Every command the engine answers, by lower-case name. Built once, read-only afterwards. */
public final class CommandTable {
  private final Map<String, CommandSpec> byName;
  private final CommandNameIndex byRawName;

  private CommandTable(Map<String, CommandSpec> byName) {
    this.byName = Collections.unmodifiableMap(byName);
    this.byRawName = new CommandNameIndex(byName);
  }

  /** The full table: every command family of the engine. */
  public static CommandTable standard() {
    return standardFamilies().build();
  }

  /** Every command family's declarations, for a caller that adds commands of its own (tests). */
  public static Builder standardFamilies() {
    Builder table = new Builder();
    ConnectionCommands.register(table);
    ServerCommands.register(table);
    ConfigCommands.register(table);
    ClientCommands.register(table);
    IntrospectionCommands.register(table);
    DiagnosticCommands.register(table);
    MemoryCommands.register(table);
    StringCommands.register(table);
    KeyCommands.register(table);
    ListCommands.register(table);
    HashCommands.register(table);
    PersistenceCommands.register(table);
    SetCommands.register(table);
    ZSetCommands.register(table);
    io.redstone.storage.types.stream.StreamCommands.register(table);
    SortCommand.register(table);
    ScriptingCommands.register(table);
    PubSubCommands.register(table);
    TransactionCommands.register(table);
    GeoCommands.register(table);
    return table;
  }

  /** The command named by argv[0] in any case, or null. */
  public CommandSpec lookup(byte[] name) {
    return byRawName.find(name);
  }

  public CommandSpec lookup(String name) {
    return byName.get(name.toLowerCase(Locale.ROOT));
  }

  public Collection<CommandSpec> all() {
    return byName.values();
  }

  public int size() {
    return byName.size();
  }

  /** Collects the families' declarations; a name declared twice is a programming error. */
  public static final class Builder {
    private final Map<String, CommandSpec> byName = new LinkedHashMap<>();

    public Builder add(CommandSpec.Builder spec) {
      CommandSpec built = spec.build();
      if (byName.putIfAbsent(built.name(), built) != null) {
        throw new IllegalStateException("command declared twice: " + built.name());
      }
      return this;
    }

    public CommandTable build() {
      return new CommandTable(new LinkedHashMap<>(byName));
    }
  }
}
