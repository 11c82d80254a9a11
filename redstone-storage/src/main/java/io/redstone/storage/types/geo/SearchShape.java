package io.redstone.storage.types.geo;

/**
 * The area a search covers, Redis's {@code GeoShape}: a circle of {@code radius} or a {@code width}
 * by {@code height} box around a centre, the sizes in the unit the client named; {@code toMeters}
 * converts them (1 for m, 1000 for km, 0.3048 for ft, 1609.34 for mi).
 */
record SearchShape(
    double longitude,
    double latitude,
    boolean circle,
    double radius,
    double width,
    double height,
    double toMeters) {

  static SearchShape circle(double longitude, double latitude, double radius, double toMeters) {
    return new SearchShape(longitude, latitude, true, radius, 0, 0, toMeters);
  }

  static SearchShape box(
      double longitude, double latitude, double width, double height, double toMeters) {
    return new SearchShape(longitude, latitude, false, 0, width, height, toMeters);
  }

  /**
   * The distance in meters from the centre to the position, or NaN when the position is outside the
   * shape ({@code geoWithinShape}).
   */
  double distanceIfWithin(double pointLongitude, double pointLatitude) {
    if (circle) {
      double distance = GeoDistance.between(longitude, latitude, pointLongitude, pointLatitude);
      return distance > radius * toMeters ? Double.NaN : distance;
    }
    return GeoDistance.withinBox(
        width * toMeters, height * toMeters, longitude, latitude, pointLongitude, pointLatitude);
  }

  /**
   * The distance from the centre that decides the search's cell size: the radius, or half the box's
   * diagonal, in meters.
   */
  double reachMeters() {
    double reach =
        circle ? radius : Math.sqrt((width / 2) * (width / 2) + (height / 2) * (height / 2));
    return reach * toMeters;
  }

  /**
   * The bounding box of the shape, {@code [west, south, east, north]} in degrees ({@code
   * geohashBoundingBox}): the longitude reach is taken at the latitude of the edge farther from the
   * equator, where a degree of longitude is shortest.
   */
  double[] boundingBox() {
    double halfHeight = toMeters * (circle ? radius : height / 2);
    double halfWidth = toMeters * (circle ? radius : width / 2);
    double latitudeDelta = GeoDistance.toDegrees(halfHeight / GeoDistance.EARTH_RADIUS_IN_METERS);
    double longitudeDeltaTop =
        GeoDistance.toDegrees(
            halfWidth
                / GeoDistance.EARTH_RADIUS_IN_METERS
                / RoundedMath.cos(GeoDistance.toRadians(latitude + latitudeDelta)));
    double longitudeDeltaBottom =
        GeoDistance.toDegrees(
            halfWidth
                / GeoDistance.EARTH_RADIUS_IN_METERS
                / RoundedMath.cos(GeoDistance.toRadians(latitude - latitudeDelta)));
    boolean southern = latitude < 0;
    double longitudeDelta = southern ? longitudeDeltaBottom : longitudeDeltaTop;
    return new double[] {
      longitude - longitudeDelta,
      latitude - latitudeDelta,
      longitude + longitudeDelta,
      latitude + latitudeDelta
    };
  }
}
