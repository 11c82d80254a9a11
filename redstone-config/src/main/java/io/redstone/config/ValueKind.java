package io.redstone.config;

import java.util.List;

/**
 * The shape of a directive's value and Redis's rules for it. A kind validates the arguments a
 * config line or CONFIG SET gives and turns them into the canonical text CONFIG GET prints ({@code
 * 1gb} becomes {@code 1073741824}, {@code KEA} becomes {@code AKE}).
 */
public sealed interface ValueKind
    permits YesNo,
        Numeric,
        Choice,
        FlagChoice,
        Text,
        SaveRules,
        BindAddresses,
        BufferLimits,
        KeyspaceEvents,
        OomScoreValues,
        ReplicaOf,
        Percentiles {

  /**
   * Validates {@code args} and returns the value as CONFIG GET prints it.
   *
   * @param args the arguments after the directive name: exactly one unless {@link #multiArg()}
   * @param current the directive's present value, for kinds that merge (client-output-buffer-limit
   *     changes only the classes it names)
   * @throws ConfigException with Redis's reason, e.g. {@code argument must be 'yes' or 'no'}
   */
  String normalize(List<String> args, String current) throws ConfigException;

  /**
   * The value as CONFIG GET and CONFIG REWRITE print it, from the value {@link #normalize} stored.
   * The two differ only where Redis's printout drops something the server still acts on ({@code
   * notify-keyspace-events}'s {@code n} beside {@code A}).
   */
  default String shown(String stored) {
    return stored;
  }

  /**
   * Whether a config line may carry several arguments ({@code save 3600 1 300 100}). CONFIG SET
   * passes such a value as one string, split on single spaces, as Redis does.
   */
  default boolean multiArg() {
    return false;
  }
}
