package io.redstone.config;

/**
 * Byte counts as redis.conf writes them: digits with an optional unit, {@code k}/{@code m}/{@code
 * g} for powers of 1000 and {@code kb}/{@code mb}/{@code gb} (any case) for powers of 1024, {@code
 * b} or nothing for bytes. Values are unsigned 64-bit, held in a {@code long}.
 */
public final class MemorySize {
  private MemorySize() {}

  /**
   * Parses as Redis's {@code memtoull}, or returns null. Its quirks are kept: no sign is allowed,
   * an empty number means 0 ({@code ""} and {@code "kb"} parse), and digits beyond the 64-bit range
   * saturate before the unit is applied, while a unit that would overflow is refused.
   */
  public static Long parse(String text) {
    int unitStart = 0;
    while (unitStart < text.length()
        && text.charAt(unitStart) >= '0'
        && text.charAt(unitStart) <= '9') {
      unitStart++;
    }
    long multiplier = multiplier(text.substring(unitStart));
    if (multiplier == 0 || unitStart >= 128) {
      return null;
    }
    long value = 0;
    for (int i = 0; i < unitStart; i++) {
      int digit = text.charAt(i) - '0';
      // strtoull saturates at its maximum instead of failing.
      if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - digit, 10)) > 0) {
        value = -1L;
        break;
      }
      value = value * 10 + digit;
    }
    if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, multiplier)) > 0) {
      return null;
    }
    return value * multiplier;
  }

  private static long multiplier(String unit) {
    return switch (unit.toLowerCase(java.util.Locale.ROOT)) {
      case "", "b" -> 1;
      case "k" -> 1000;
      case "kb" -> 1024;
      case "m" -> 1000 * 1000;
      case "mb" -> 1024 * 1024;
      case "g" -> 1000L * 1000 * 1000;
      case "gb" -> 1024L * 1024 * 1024;
      default -> 0;
    };
  }

  /** The form CONFIG REWRITE writes: {@code 1gb}, {@code 64mb}, {@code 3kb}, {@code 100}. */
  public static String format(long bytes) {
    long gb = 1024L * 1024 * 1024;
    long mb = 1024L * 1024;
    if (bytes != 0 && Long.remainderUnsigned(bytes, gb) == 0) {
      return Long.toUnsignedString(Long.divideUnsigned(bytes, gb)) + "gb";
    }
    if (bytes != 0 && Long.remainderUnsigned(bytes, mb) == 0) {
      return Long.toUnsignedString(Long.divideUnsigned(bytes, mb)) + "mb";
    }
    if (bytes != 0 && Long.remainderUnsigned(bytes, 1024) == 0) {
      return Long.toUnsignedString(Long.divideUnsigned(bytes, 1024)) + "kb";
    }
    return Long.toUnsignedString(bytes);
  }
}
