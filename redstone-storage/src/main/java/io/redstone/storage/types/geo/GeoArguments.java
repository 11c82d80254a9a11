package io.redstone.storage.types.geo;

import io.redstone.protocol.text.Numbers;
import io.redstone.storage.Strtod;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Errors;

/** Reading the arguments GEO commands share: numbers, units, positions, distances. */
final class GeoArguments {
  private GeoArguments() {}

  /**
   * A float argument by Redis's {@code getDoubleFromObjectOrReply} ({@code string2d}: the whole
   * text, no leading space, no NaN, no overflow to infinity or underflow to zero, though {@code
   * inf} itself is accepted); {@code error} otherwise.
   */
  static double parseDouble(byte[] text, String error) {
    if (text.length == 0 || Strtod.isSpace(text[0])) {
      throw new CommandException(error);
    }
    Strtod parsed = Strtod.parse(text, 0, text.length);
    double value = parsed.value();
    boolean overOrUnder = parsed.outOfRange() && (Double.isInfinite(value) || value == 0);
    if (parsed.end() != text.length || overOrUnder || Double.isNaN(value)) {
      throw new CommandException(error);
    }
    return value;
  }

  /**
   * The factor from the unit to meters ({@code extractUnitOrReply}): m, km, ft, mi in any case;
   * {@link Errors#GEO_UNIT} otherwise.
   */
  static double unit(byte[] text) {
    if (Numbers.equalsIgnoreCase(text, "m")) {
      return 1;
    } else if (Numbers.equalsIgnoreCase(text, "km")) {
      return 1000;
    } else if (Numbers.equalsIgnoreCase(text, "ft")) {
      return 0.3048;
    } else if (Numbers.equalsIgnoreCase(text, "mi")) {
      return 1609.34;
    }
    throw new CommandException(Errors.GEO_UNIT);
  }

  /**
   * A longitude and a latitude at {@code argv[at]} and {@code argv[at + 1]}, within Redis's ranges
   * ({@code extractLongLatOrReply}): each must be a float, then the pair must be in range.
   */
  static GeoHash.Position position(byte[][] argv, int at) {
    double longitude = parseDouble(argv[at], Errors.NOT_FLOAT);
    double latitude = parseDouble(argv[at + 1], Errors.NOT_FLOAT);
    if (longitude < GeoHash.LONG_MIN
        || longitude > GeoHash.LONG_MAX
        || latitude < GeoHash.LAT_MIN
        || latitude > GeoHash.LAT_MAX) {
      throw new CommandException(
          Errors.invalidLongitudeLatitude(
              GeoFormat.sixDecimals(longitude), GeoFormat.sixDecimals(latitude)));
    }
    return new GeoHash.Position(longitude, latitude);
  }

  /** A radius and its unit ({@code extractDistanceOrReply}): {@code [radius, toMeters]}. */
  static double[] radius(byte[][] argv, int at) {
    double radius = parseDouble(argv[at], Errors.GEO_RADIUS_NOT_NUMBER);
    if (radius < 0) {
      throw new CommandException(Errors.GEO_RADIUS_NEGATIVE);
    }
    return new double[] {radius, unit(argv[at + 1])};
  }

  /**
   * A box's width, height and unit ({@code extractBoxOrReply}): {@code [width, height, toMeters]}.
   */
  static double[] box(byte[][] argv, int at) {
    double width = parseDouble(argv[at], Errors.GEO_WIDTH_NOT_NUMBER);
    double height = parseDouble(argv[at + 1], Errors.GEO_HEIGHT_NOT_NUMBER);
    if (height < 0 || width < 0) {
      throw new CommandException(Errors.GEO_BOX_NEGATIVE);
    }
    return new double[] {width, height, unit(argv[at + 2])};
  }
}
