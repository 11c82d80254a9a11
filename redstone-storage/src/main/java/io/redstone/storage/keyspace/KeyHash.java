package io.redstone.storage.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Seeded 32-bit Murmur3 over a byte array. The seed is per table, so a client that knows the
 * function still cannot choose keys that collide in our tables (hash flooding), the reason Redis
 * seeds SipHash at start-up.
 */
final class KeyHash {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private KeyHash() {}

  static int hash(byte[] data, int seed) {
    int h = seed;
    int len = data.length;
    int i = 0;
    for (; i + 4 <= len; i += 4) {
      h = mixH(h, mixK((int) INT_LE.get(data, i)));
    }
    int k = 0;
    switch (len - i) {
      case 3:
        k ^= (data[i + 2] & 0xff) << 16;
        // fall through
      case 2:
        k ^= (data[i + 1] & 0xff) << 8;
        // fall through
      case 1:
        k ^= data[i] & 0xff;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= len;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }

  private static int mixK(int k) {
    k *= 0xcc9e2d51;
    k = Integer.rotateLeft(k, 15);
    return k * 0x1b873593;
  }

  private static int mixH(int h, int k) {
    h ^= k;
    h = Integer.rotateLeft(h, 13);
    return h * 5 + 0xe6546b64;
  }
}
