package io.redstone.config;

import io.redstone.protocol.text.Numbers;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code latency-tracking-info-percentiles <p> ...}: percentiles 0.0..100.0 that INFO latencystats
 * reports; {@code ""} for none. Printed as {@code %f} without trailing zeros.
 */
public record Percentiles() implements ValueKind {

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    if (args.size() == 1 && args.get(0).isEmpty()) {
      return "";
    }
    List<String> out = new ArrayList<>();
    for (String arg : args) {
      Double value = Numbers.parseDouble(arg.getBytes(StandardCharsets.UTF_8));
      if (value == null) {
        throw new ConfigException("Invalid latency-tracking-info-percentiles parameters");
      }
      if (value > 100.0 || value < 0.0) {
        throw new ConfigException(
            "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]");
      }
      out.add(format(value));
    }
    return String.join(" ", out);
  }

  /** C's {@code %f} with trailing zeros (and a bare point) removed: 99.9, 50, 99.99. */
  static String format(double value) {
    String fixed = String.format(Locale.ROOT, "%f", value);
    if (fixed.indexOf('.') >= 0) {
      fixed = new BigDecimal(fixed).stripTrailingZeros().toPlainString();
    }
    return fixed;
  }

  @Override
  public boolean multiArg() {
    return true;
  }
}
