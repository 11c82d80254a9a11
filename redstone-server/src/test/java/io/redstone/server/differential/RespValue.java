package io.redstone.server.differential;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One complete RESP2/RESP3 reply exactly as received: {@link #raw()} holds its bytes, and the tree
 * lets the few non-deterministic replies be compared by a looser rule than byte equality.
 */
sealed interface RespValue {

  /** The type byte: {@code + - : _ # , ( $ ! = * ~ % > |}. */
  char type();

  /** The exact bytes of this value on the wire, header and terminators included. */
  byte[] raw();

  /** A one-line value: simple string, error, integer, null, boolean, double, big number. */
  record Line(char type, byte[] text, byte[] raw) implements RespValue {}

  /** A length-prefixed value: bulk string, bulk error, verbatim string; data null for -1. */
  record Blob(char type, byte[] data, byte[] raw) implements RespValue {}

  /**
   * An array, set, push, map or attribute map; {@code items} holds maps flat (key, value, ...), and
   * is empty for the RESP2 null array ({@code count} -1).
   */
  record Aggregate(char type, int count, List<RespValue> items, byte[] raw) implements RespValue {
    boolean isMap() {
      return type == '%' || type == '|';
    }
  }

  /** A RESP3 attribute map followed by the value it annotates. */
  record Attributed(Aggregate attributes, RespValue value, byte[] raw) implements RespValue {
    @Override
    public char type() {
      return '|';
    }
  }

  /** True when the two replies are the same bytes. */
  static boolean sameBytes(RespValue a, RespValue b) {
    return Arrays.equals(a.raw(), b.raw());
  }

  /**
   * The bytes of this value with every array, set and push sorted and every map's pairs sorted, at
   * every depth: equal for two replies that hold the same multisets in different orders.
   */
  static byte[] unordered(RespValue value) {
    if (value instanceof Attributed attributed) {
      return concat(List.of(unordered(attributed.attributes()), unordered(attributed.value())));
    }
    if (!(value instanceof Aggregate aggregate)) {
      return value.raw();
    }
    int step = aggregate.isMap() ? 2 : 1;
    List<byte[]> units = new ArrayList<>();
    for (int i = 0; i < aggregate.items().size(); i += step) {
      List<byte[]> unit = new ArrayList<>();
      for (int j = i; j < i + step; j++) {
        unit.add(unordered(aggregate.items().get(j)));
      }
      units.add(concat(unit));
    }
    units.sort(Arrays::compareUnsigned);
    units.add(0, header(aggregate));
    return concat(units);
  }

  /**
   * The bytes of this value with the order of pairs taken out, at every depth: a map's entries are
   * sorted; an array, set or push whose elements are all aggregates (RESP3's {@code [field, value]}
   * pairs) has its elements sorted; any other one of even length is cut into consecutive pairs,
   * which are sorted, each pair keeping its own order. Equal for two replies that hold the same
   * pairs in different orders (HGETALL of a hash table), and different when a field has another
   * value, where a plain multiset of elements would not tell.
   */
  static byte[] unorderedPairs(RespValue value) {
    if (value instanceof Attributed attributed) {
      return concat(
          List.of(unorderedPairs(attributed.attributes()), unorderedPairs(attributed.value())));
    }
    if (!(value instanceof Aggregate aggregate)) {
      return value.raw();
    }
    List<RespValue> items = aggregate.items();
    boolean nestedPairs =
        !items.isEmpty() && items.stream().allMatch(item -> item instanceof Aggregate);
    int step = aggregate.isMap() || (!nestedPairs && items.size() % 2 == 0) ? 2 : 1;
    boolean ordered = !aggregate.isMap() && !nestedPairs && items.size() % 2 != 0;
    List<byte[]> units = new ArrayList<>();
    for (int i = 0; i < items.size(); i += step) {
      List<byte[]> unit = new ArrayList<>();
      for (int j = i; j < i + step; j++) {
        unit.add(unorderedPairs(items.get(j)));
      }
      units.add(concat(unit));
    }
    if (!ordered) {
      units.sort(Arrays::compareUnsigned);
    }
    units.add(0, header(aggregate));
    return concat(units);
  }

  /**
   * Types and aggregate lengths only, at every depth, e.g. {@code *2[$,$]} for TIME: what stays the
   * same between two servers whose clocks, ids or versions differ.
   */
  static String shape(RespValue value) {
    if (value instanceof Blob blob) {
      return blob.data() == null ? blob.type() + "-1" : String.valueOf(blob.type());
    }
    if (value instanceof Attributed attributed) {
      return shape(attributed.attributes()) + shape(attributed.value());
    }
    if (!(value instanceof Aggregate aggregate)) {
      return String.valueOf(value.type());
    }
    StringBuilder out = new StringBuilder().append(aggregate.type()).append(aggregate.count());
    if (!aggregate.items().isEmpty()) {
      out.append('[');
      for (int i = 0; i < aggregate.items().size(); i++) {
        out.append(i == 0 ? "" : ",").append(shape(aggregate.items().get(i)));
      }
      out.append(']');
    }
    return out.toString();
  }

  /**
   * The raw bytes as a quoted Java-like literal ({@code "+OK\r\n"}), cut after {@code limit} bytes:
   * readable in a failure message, and still exact.
   */
  static String escaped(byte[] bytes, int limit) {
    StringBuilder out = new StringBuilder("\"");
    int shown = Math.min(bytes.length, limit);
    for (int i = 0; i < shown; i++) {
      int b = bytes[i] & 0xff;
      switch (b) {
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (b >= 0x20 && b < 0x7f) {
            out.append((char) b);
          } else {
            out.append(String.format("\\x%02x", b));
          }
        }
      }
    }
    out.append('"');
    if (shown < bytes.length) {
      out.append("... (").append(bytes.length).append(" bytes in all)");
    }
    return out.toString();
  }

  private static byte[] header(Aggregate aggregate) {
    return (aggregate.type() + Integer.toString(aggregate.count()) + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }
}
