package io.redstone.persistence.snapshot;

import java.util.Map;

/**
 * What a complete snapshot says about itself.
 *
 * @param createdAtMillis when the writer started, unix milliseconds
 * @param aux the writer's free-form name/value pairs (e.g. the Redstone version)
 * @param entries how many entries it holds
 * @param size its length in bytes
 */
public record SnapshotInfo(long createdAtMillis, Map<String, String> aux, long entries, long size) {
  public SnapshotInfo {
    aux = Map.copyOf(aux);
  }
}
