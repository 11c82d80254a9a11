package io.redstone.storage.types.geo;

import io.redstone.storage.types.geo.GeoHash.Area;
import io.redstone.storage.types.geo.GeoHash.Cell;

/**
 * The cells a search reads, as Redis picks them ({@code geohashCalculateAreasByShapeWGS84}): the
 * cell holding the centre and its eight neighbours, at a step large enough that the nine together
 * cover the shape's bounding box, with the neighbours that lie wholly outside the box left out. The
 * order is Redis's: centre, north, south, east, west, north-east, north-west, south-east,
 * south-west; a left-out cell is {@link Cell#NONE}.
 */
final class SearchCells {
  /** Redis's {@code MERCATOR_MAX}: half the Earth's circumference in Web Mercator meters. */
  private static final double MERCATOR_MAX = 20037726.37;

  /** Positions of the neighbours in the array {@link #of} returns. */
  private static final int NORTH = 1;

  private static final int SOUTH = 2;
  private static final int EAST = 3;
  private static final int WEST = 4;
  private static final int NORTH_EAST = 5;
  private static final int NORTH_WEST = 6;
  private static final int SOUTH_EAST = 7;
  private static final int SOUTH_WEST = 8;

  private SearchCells() {}

  /**
   * The step whose cells are at least about {@code reachMeters} wide ({@code
   * geohashEstimateStepsByRadius}): halving the Mercator width until it fits, two steps coarser to
   * be safe, and one or two coarser still towards the poles, where cells narrow.
   */
  static int estimateStep(double reachMeters, double latitude) {
    if (reachMeters == 0) {
      return 26;
    }
    int step = 1;
    double range = reachMeters;
    while (range < MERCATOR_MAX) {
      range *= 2;
      step++;
    }
    step -= 2;
    if (latitude > 66 || latitude < -66) {
      step--;
      if (latitude > 80 || latitude < -80) {
        step--;
      }
    }
    return Math.max(1, Math.min(26, step));
  }

  /** The nine cells to read for {@code shape}, in Redis's order. */
  static Cell[] of(SearchShape shape) {
    double[] bounds = shape.boundingBox();
    double west = bounds[0];
    double south = bounds[1];
    double east = bounds[2];
    double north = bounds[3];
    int step = estimateStep(shape.reachMeters(), shape.latitude());
    Cell centre = GeoHash.encode(shape.longitude(), shape.latitude(), step);

    // A centre near its cell's edge can leave part of the box beyond the neighbours: one step
    // coarser then, once.
    Area northArea = GeoHash.decode(GeoHash.move(centre, 0, 1));
    Area southArea = GeoHash.decode(GeoHash.move(centre, 0, -1));
    Area eastArea = GeoHash.decode(GeoHash.move(centre, 1, 0));
    Area westArea = GeoHash.decode(GeoHash.move(centre, -1, 0));
    boolean tooFine =
        northArea.latitudeMax() < north
            || southArea.latitudeMin() > south
            || eastArea.longitudeMax() < east
            || westArea.longitudeMin() > west;
    if (step > 1 && tooFine) {
      step--;
      centre = GeoHash.encode(shape.longitude(), shape.latitude(), step);
    }
    Area area = GeoHash.decode(centre);

    Cell[] cells = {
      centre,
      GeoHash.move(centre, 0, 1),
      GeoHash.move(centre, 0, -1),
      GeoHash.move(centre, 1, 0),
      GeoHash.move(centre, -1, 0),
      GeoHash.move(centre, 1, 1),
      GeoHash.move(centre, -1, 1),
      GeoHash.move(centre, 1, -1),
      GeoHash.move(centre, -1, -1)
    };
    if (step >= 2) {
      if (area.latitudeMin() < south) {
        drop(cells, SOUTH, SOUTH_WEST, SOUTH_EAST);
      }
      if (area.latitudeMax() > north) {
        drop(cells, NORTH, NORTH_EAST, NORTH_WEST);
      }
      if (area.longitudeMin() < west) {
        drop(cells, WEST, SOUTH_WEST, NORTH_WEST);
      }
      if (area.longitudeMax() > east) {
        drop(cells, EAST, SOUTH_EAST, NORTH_EAST);
      }
    }
    return cells;
  }

  private static void drop(Cell[] cells, int... which) {
    for (int index : which) {
      cells[index] = Cell.NONE;
    }
  }
}
