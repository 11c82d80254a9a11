package io.redstone.storage.types.geo;

/**
 * Distances on the Earth as Redis measures them ({@code geohash_helper.c}): the haversine formula
 * on a sphere of radius {@value #EARTH_RADIUS_IN_METERS} m, evaluated in the same order as Redis so
 * that the results agree to the last bit wherever the math library does. {@link StrictMath} gives
 * the same results on every machine.
 */
final class GeoDistance {
  /** Redis's Earth radius: the quadratic mean radius of WGS-84. */
  static final double EARTH_RADIUS_IN_METERS = 6372797.560856;

  /** Redis's {@code D_R}, {@code M_PI / 180.0}, folded to one double as the C compiler does. */
  private static final double DEGREES_TO_RADIANS = Math.PI / 180.0;

  private GeoDistance() {}

  static double toRadians(double degrees) {
    return degrees * DEGREES_TO_RADIANS;
  }

  static double toDegrees(double radians) {
    return radians / DEGREES_TO_RADIANS;
  }

  /** The distance along a meridian between two latitudes ({@code geohashGetLatDistance}). */
  static double latitudeDistance(double latitude1, double latitude2) {
    return EARTH_RADIUS_IN_METERS * Math.abs(toRadians(latitude2) - toRadians(latitude1));
  }

  /** The great-circle distance between two positions, in meters ({@code geohashGetDistance}). */
  static double between(double longitude1, double latitude1, double longitude2, double latitude2) {
    double longitude1r = toRadians(longitude1);
    double longitude2r = toRadians(longitude2);
    double v = RoundedMath.sin((longitude2r - longitude1r) / 2);
    // On one meridian the formula reduces to the difference of latitudes, which Redis uses then.
    if (v == 0.0) {
      return latitudeDistance(latitude1, latitude2);
    }
    double latitude1r = toRadians(latitude1);
    double latitude2r = toRadians(latitude2);
    double u = RoundedMath.sin((latitude2r - latitude1r) / 2);
    double a = u * u + RoundedMath.cos(latitude1r) * RoundedMath.cos(latitude2r) * v * v;
    return 2.0 * EARTH_RADIUS_IN_METERS * RoundedMath.asin(StrictMath.sqrt(a));
  }

  /**
   * The distance from the centre of a {@code widthMeters} by {@code heightMeters} box to a point,
   * or NaN when the point is outside the box ({@code geohashGetDistanceIfInRectangle}): within half
   * the height along the meridian and half the width along the point's own parallel.
   */
  static double withinBox(
      double widthMeters,
      double heightMeters,
      double centreLongitude,
      double centreLatitude,
      double longitude,
      double latitude) {
    if (latitudeDistance(latitude, centreLatitude) > heightMeters / 2) {
      return Double.NaN;
    }
    if (between(longitude, latitude, centreLongitude, latitude) > widthMeters / 2) {
      return Double.NaN;
    }
    return between(centreLongitude, centreLatitude, longitude, latitude);
  }
}
