package io.redstone.config;

/**
 * Puts a changed directive into effect (rebinds a port, resizes a limit). Called with the new
 * canonical value after validation; throwing refuses the change, and every directive of the same
 * CONFIG SET goes back to its old value, as Redis's apply step does.
 */
@FunctionalInterface
public interface ConfigApplier {
  void apply(String value) throws ConfigException;
}
