package io.redstone.storage.pubsub;

import io.redstone.protocol.text.Glob;
import io.redstone.storage.ClientSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The server's pub/sub index: for each channel, pattern and shard channel, its subscribers in the
 * order they subscribed; each client's own view is its {@link Subscriptions}. {@link #publish} is
 * the one way a message reaches subscribers, for PUBLISH and for anything else that publishes
 * (keyspace notifications, invalidation messages). Storage thread only.
 */
public final class PubSub {

  /** Hands one message to one subscriber; the engine decides how it reaches the client. */
  @FunctionalInterface
  public interface Delivery {
    void deliver(ClientSession subscriber, Message message);
  }

  private final Map<Channel, Set<ClientSession>> channels = new HashMap<>();
  private final Map<Channel, Set<ClientSession>> patterns = new LinkedHashMap<>();
  private final Map<Channel, Set<ClientSession>> shardChannels = new HashMap<>();
  private final Delivery delivery;

  public PubSub(Delivery delivery) {
    this.delivery = delivery;
  }

  // ------------------------------------------------------------------------------------------
  // Subscribing

  /** Adds a channel subscription; false when the client already had it. */
  public boolean subscribe(ClientSession client, byte[] channel) {
    return add(channels, client.subscriptions().channels, client, new Channel(channel));
  }

  public boolean unsubscribe(ClientSession client, byte[] channel) {
    return remove(channels, client.subscriptions().channels, client, new Channel(channel));
  }

  public boolean psubscribe(ClientSession client, byte[] pattern) {
    return add(patterns, client.subscriptions().patterns, client, new Channel(pattern));
  }

  public boolean punsubscribe(ClientSession client, byte[] pattern) {
    return remove(patterns, client.subscriptions().patterns, client, new Channel(pattern));
  }

  public boolean ssubscribe(ClientSession client, byte[] channel) {
    return add(shardChannels, client.subscriptions().shardChannels, client, new Channel(channel));
  }

  public boolean sunsubscribe(ClientSession client, byte[] channel) {
    return remove(
        shardChannels, client.subscriptions().shardChannels, client, new Channel(channel));
  }

  /** The client's channels, in the order it subscribed: what a bare UNSUBSCRIBE leaves. */
  public List<byte[]> channelsOf(ClientSession client) {
    return names(client.subscriptions().channels);
  }

  public List<byte[]> patternsOf(ClientSession client) {
    return names(client.subscriptions().patterns);
  }

  public List<byte[]> shardChannelsOf(ClientSession client) {
    return names(client.subscriptions().shardChannels);
  }

  /** Drops every subscription of a client, without telling it: RESET and disconnection. */
  public void unsubscribeAll(ClientSession client) {
    if (!client.subscribed()) {
      return;
    }
    Subscriptions own = client.subscriptions();
    dropAll(channels, own.channels, client);
    dropAll(patterns, own.patterns, client);
    dropAll(shardChannels, own.shardChannels, client);
  }

  private static boolean add(
      Map<Channel, Set<ClientSession>> index,
      Set<Channel> own,
      ClientSession client,
      Channel name) {
    if (!own.add(name)) {
      return false;
    }
    index.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(client);
    return true;
  }

  private static boolean remove(
      Map<Channel, Set<ClientSession>> index,
      Set<Channel> own,
      ClientSession client,
      Channel name) {
    if (!own.remove(name)) {
      return false;
    }
    Set<ClientSession> subscribers = index.get(name);
    subscribers.remove(client);
    if (subscribers.isEmpty()) {
      index.remove(name);
    }
    return true;
  }

  private static void dropAll(
      Map<Channel, Set<ClientSession>> index, Set<Channel> own, ClientSession client) {
    for (Channel name : own) {
      Set<ClientSession> subscribers = index.get(name);
      subscribers.remove(client);
      if (subscribers.isEmpty()) {
        index.remove(name);
      }
    }
    own.clear();
  }

  private static List<byte[]> names(Set<Channel> own) {
    List<byte[]> names = new ArrayList<>(own.size());
    for (Channel name : own) {
      names.add(name.bytes());
    }
    return names;
  }

  // ------------------------------------------------------------------------------------------
  // Publishing

  /**
   * Sends {@code message} to the subscribers of {@code channel}, then to those of every pattern
   * that matches it (Redis's glob), each pattern's subscribers in the order they subscribed.
   * Returns the receivers as Redis counts them: a client subscribed to the channel and to a
   * matching pattern, or to two matching patterns, counts once for each.
   */
  public int publish(byte[] channel, byte[] message) {
    int receivers = 0;
    Set<ClientSession> direct = channels.get(new Channel(channel));
    if (direct != null) {
      Message encoded = Message.onChannel(channel, message);
      for (ClientSession subscriber : direct) {
        delivery.deliver(subscriber, encoded);
        receivers++;
      }
    }
    if (!patterns.isEmpty()) {
      for (Map.Entry<Channel, Set<ClientSession>> entry : patterns.entrySet()) {
        byte[] pattern = entry.getKey().bytes();
        if (!Glob.matches(pattern, channel, false)) {
          continue;
        }
        Message encoded = Message.onPattern(pattern, channel, message);
        for (ClientSession subscriber : entry.getValue()) {
          delivery.deliver(subscriber, encoded);
          receivers++;
        }
      }
    }
    return receivers;
  }

  /** SPUBLISH: the subscribers of a shard channel; patterns do not apply. */
  public int spublish(byte[] channel, byte[] message) {
    Set<ClientSession> direct = shardChannels.get(new Channel(channel));
    if (direct == null) {
      return 0;
    }
    Message encoded = Message.onShardChannel(channel, message);
    for (ClientSession subscriber : direct) {
      delivery.deliver(subscriber, encoded);
    }
    return direct.size();
  }

  // ------------------------------------------------------------------------------------------
  // Introspection

  /** Channels with at least one subscriber whose name matches {@code pattern} (null for all). */
  public List<byte[]> activeChannels(byte[] pattern) {
    return matching(channels, pattern);
  }

  public List<byte[]> activeShardChannels(byte[] pattern) {
    return matching(shardChannels, pattern);
  }

  private static List<byte[]> matching(Map<Channel, Set<ClientSession>> index, byte[] pattern) {
    List<byte[]> names = new ArrayList<>();
    for (Channel name : index.keySet()) {
      if (pattern == null || Glob.matches(pattern, name.bytes(), false)) {
        names.add(name.bytes());
      }
    }
    return names;
  }

  public int subscriberCount(byte[] channel) {
    Set<ClientSession> subscribers = channels.get(new Channel(channel));
    return subscribers == null ? 0 : subscribers.size();
  }

  public int shardSubscriberCount(byte[] channel) {
    Set<ClientSession> subscribers = shardChannels.get(new Channel(channel));
    return subscribers == null ? 0 : subscribers.size();
  }

  /** INFO's {@code pubsub_channels}. */
  public int channelCount() {
    return channels.size();
  }

  /** INFO's {@code pubsub_patterns} and PUBSUB NUMPAT: distinct patterns with a subscriber. */
  public int patternCount() {
    return patterns.size();
  }

  /** INFO's {@code pubsubshard_channels}. */
  public int shardChannelCount() {
    return shardChannels.size();
  }
}
