package io.redstone.config;

/** How a directive behaves beyond its value: Redis's config flags that change what users see. */
public enum ParamFlag {
  /** Set only at start-up (config file, command line); CONFIG SET refuses it. */
  IMMUTABLE,
  /** CONFIG SET refuses it unless {@code enable-protected-configs} allows the client. */
  PROTECTED,
  /** Left out of CONFIG GET patterns; only its exact name shows it (Redis's test-only knobs). */
  HIDDEN,
  /**
   * A secret (passwords): the server keeps it out of logs; a config error report leaves out its
   * value.
   */
  SENSITIVE
}
