package io.redstone.storage.pubsub;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one client is subscribed to, in the order it subscribed: channels, patterns and shard
 * channels. Kept by its {@link io.redstone.storage.ClientSession}; changed only through {@link
 * PubSub}, which keeps the server-wide index in step.
 */
public final class Subscriptions {
  final Set<Channel> channels = new LinkedHashSet<>();
  final Set<Channel> patterns = new LinkedHashSet<>();
  final Set<Channel> shardChannels = new LinkedHashSet<>();

  /** Channels and patterns: the count SUBSCRIBE, PSUBSCRIBE and their opposites reply with. */
  public int count() {
    return channels.size() + patterns.size();
  }

  /** The count SSUBSCRIBE and SUNSUBSCRIBE reply with. */
  public int shardCount() {
    return shardChannels.size();
  }

  public int channelCount() {
    return channels.size();
  }

  public int patternCount() {
    return patterns.size();
  }

  /**
   * Whether the client is in subscribed mode (Redis's {@code CLIENT_PUBSUB}): in RESP2 it may then
   * send only the subscription commands, PING, QUIT and RESET, and its output is limited by the
   * {@code pubsub} class of {@code client-output-buffer-limit}.
   */
  public boolean any() {
    return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
  }
}
