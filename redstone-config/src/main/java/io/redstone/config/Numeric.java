package io.redstone.config;

import io.redstone.protocol.text.Numbers;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An integer with inclusive bounds, written as Redis accepts it for this directive.
 *
 * @param min lower bound; for {@link Format#MEMORY_OR_PERCENT}, {@code -p} allows up to {@code p%}
 * @param max upper bound; read as unsigned when {@code unsignedMax} (maxmemory goes to 2^64-1)
 * @param format how the value is written
 * @param clampMin values below are raised to it after validation (hz: 1)
 * @param clampMax values above are lowered to it after validation (hz: 500)
 */
public record Numeric(
    long min, long max, boolean unsignedMax, Format format, long clampMin, long clampMax)
    implements ValueKind {

  /** How the number is written in a config line and printed by CONFIG GET. */
  public enum Format {
    /** Strict decimal ({@code string2ll}: no plus, no leading zeros, no spaces). */
    PLAIN,
    /** A byte count with an optional unit; printed in bytes. */
    MEMORY,
    /** A byte count, or a percentage {@code N%}, kept as a negative number. */
    MEMORY_OR_PERCENT,
    /** Octal digits, printed in octal (unixsocketperm). */
    OCTAL
  }

  public static Numeric plain(long min, long max) {
    return new Numeric(min, max, false, Format.PLAIN, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public static Numeric memory(long min, long max) {
    return new Numeric(min, max, false, Format.MEMORY, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A byte count up to 2^64-1. */
  public static Numeric unsignedMemory() {
    return new Numeric(0, -1L, true, Format.MEMORY, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public static Numeric memoryOrPercent(long min, long max) {
    return new Numeric(min, max, false, Format.MEMORY_OR_PERCENT, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public static Numeric octal(long min, long max) {
    return new Numeric(min, max, false, Format.OCTAL, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** The same rules, with accepted values then forced into {@code [low, high]}. */
  public Numeric clampedTo(long low, long high) {
    return new Numeric(min, max, unsignedMax, format, low, high);
  }

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    long value = parse(args.get(0));
    checkBounds(value);
    value = Math.max(clampMin, Math.min(clampMax, value));
    return print(value);
  }

  /** The stored canonical text as a number (a percentage comes back negative). */
  public long toLong(String canonical) {
    if (canonical.endsWith("%")) {
      return -Long.parseLong(canonical.substring(0, canonical.length() - 1));
    }
    return switch (format) {
      case OCTAL -> Long.parseLong(canonical, 8);
      case MEMORY, MEMORY_OR_PERCENT -> Long.parseUnsignedLong(canonical);
      case PLAIN -> Long.parseLong(canonical);
    };
  }

  private long parse(String text) throws ConfigException {
    switch (format) {
      case PLAIN -> {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        if (Numbers.isLong(raw)) {
          return Numbers.parseLong(raw);
        }
        throw new ConfigException("argument couldn't be parsed into an integer");
      }
      case MEMORY -> {
        Long bytes = MemorySize.parse(text);
        if (bytes != null) {
          return bytes;
        }
        throw new ConfigException("argument must be a memory value");
      }
      case MEMORY_OR_PERCENT -> {
        Long bytes = MemorySize.parse(text);
        if (bytes != null) {
          return bytes;
        }
        if (text.length() > 1 && text.endsWith("%")) {
          byte[] digits = text.substring(0, text.length() - 1).getBytes(StandardCharsets.UTF_8);
          if (Numbers.isLong(digits) && Numbers.parseLong(digits) >= 0) {
            return -Numbers.parseLong(digits);
          }
        }
        throw new ConfigException("argument must be a memory or percent value");
      }
      case OCTAL -> {
        Long octal = parseOctal(text);
        if (octal != null) {
          return octal;
        }
        throw new ConfigException("argument couldn't be parsed as an octal number");
      }
      default -> throw new AssertionError(format);
    }
  }

  /** {@code strtoll(text, 8)} requiring the whole text: leading blanks and a sign allowed. */
  private static Long parseOctal(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      negative = text.charAt(i) == '-';
      i++;
    }
    long value = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '7' || value > (Long.MAX_VALUE >> 3)) {
        return null;
      }
      value = value * 8 + (c - '0');
    }
    return negative ? -value : value;
  }

  private void checkBounds(long value) throws ConfigException {
    if (format == Format.MEMORY_OR_PERCENT && value < 0) {
      if (value < min) {
        throw new ConfigException("percentage argument must be less or equal to " + -min);
      }
      return;
    }
    boolean outside =
        unsignedMax
            ? Long.compareUnsigned(value, min) < 0 || Long.compareUnsigned(value, max) > 0
            : value < min || value > max;
    if (outside) {
      throw new ConfigException(
          "argument must be between " + show(min) + " and " + show(max) + " inclusive");
    }
  }

  private String show(long bound) {
    if (format == Format.OCTAL) {
      return Long.toOctalString(bound);
    }
    return unsignedMax ? Long.toUnsignedString(bound) : Long.toString(bound);
  }

  String print(long value) {
    return switch (format) {
      case PLAIN -> Long.toString(value);
      case OCTAL -> Long.toOctalString(value);
      case MEMORY -> Long.toUnsignedString(value);
      case MEMORY_OR_PERCENT -> value < 0 ? -value + "%" : Long.toUnsignedString(value);
    };
  }
}
