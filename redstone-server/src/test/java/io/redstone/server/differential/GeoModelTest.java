package io.redstone.server.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * GEO commands over a grid of points against Redstone and a real redis-server, every reply compared
 * byte for byte in full: positions (GEOPOS), hashes (GEOHASH and the stored scores), distances in
 * every unit (GEODIST) and searches (GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER) of
 * every size, by circle and by box, from points and from members, in both orders, with COUNT and
 * ANY. The grid reaches the edges of what Redis can index: the latitudes ±85.05112878 (the poles'
 * limits of Web Mercator) and the longitudes ±180 (the antimeridian), where neighbouring cells wrap
 * around; clusters of close points make small searches find something; coordinates just outside the
 * limits must be refused with the same error. The first half runs in RESP2, the second in RESP3.
 * Seeded, so a failure names the step and the seed that replays it.
 */
class GeoModelTest extends ModelComparison {
  private static final long SEED = 0x9e0_2026L;
  private static final int SEARCHES = 1500;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /**
   * Latitudes of the grid: the limits, the polar circles where Redis coarsens its cells, and more.
   */
  private static final double[] LATITUDES = {
    -85.05112878,
    -85.0511,
    -85,
    -80.0001,
    -80,
    -66.5,
    -66,
    -45,
    -20,
    -0.5,
    0,
    0.5,
    20,
    45,
    66,
    66.5,
    80,
    80.0001,
    85,
    85.0511,
    85.05112878
  };

  /** Centres of clusters of close points, on the antimeridian and near the limits among them. */
  private static final double[][] CLUSTERS = {
    {180, 0},
    {-180, 10},
    {179.999, -30},
    {0, 85.05},
    {10, -85.05},
    {13.361389, 38.115556},
    {0, 0},
    {-73.985, 40.758}
  };

  private static final String[] UNITS = {"m", "km", "mi", "ft", "M", "KM", "Mi", "fT"};

  private final Random random = new Random(SEED);
  private final List<double[]> points = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  GeoModelTest() {
    super(SEED);
  }

  @Test
  void geoCommandsOverAGridMatchRedis() throws IOException {
    compareWithRedis(
        TIMEOUT,
        () -> {
          same("FLUSHALL");
          addGrid();
          refuseOutOfRange();
          for (int protocol = 2; protocol <= 3; protocol++) {
            if (protocol == 3) {
              both("HELLO", "3");
            }
            readBack();
            for (int i = 0; i < SEARCHES / 2; i++) {
              step++;
              search();
            }
          }
        });
  }

  /** The grid, the clusters and random points, added to a big index and a compact one. */
  private void addGrid() throws IOException {
    for (double latitude : LATITUDES) {
      for (int longitude = -180; longitude <= 180; longitude += 15) {
        add(longitude, latitude);
      }
      add(179.9999999, latitude);
      add(-179.9999999, latitude);
    }
    for (double[] centre : CLUSTERS) {
      for (int i = 0; i < 40; i++) {
        double longitude = clamp(centre[0] + random.nextGaussian() * 0.3, -180, 180);
        double latitude = clamp(centre[1] + random.nextGaussian() * 0.3, -85.05112878, 85.05112878);
        add(longitude, latitude);
      }
    }
    for (int i = 0; i < 300; i++) {
      add(random.nextDouble() * 360 - 180, random.nextDouble() * 170.10225756 - 85.05112878);
    }
    List<String> batch = new ArrayList<>(List.of("GEOADD", "grid"));
    for (int i = 0; i < points.size(); i++) {
      batch.add(text(points.get(i)[0]));
      batch.add(text(points.get(i)[1]));
      batch.add(names.get(i));
      if (batch.size() > 300 || i == points.size() - 1) {
        step++;
        same(batch.toArray(new String[0]));
        batch = new ArrayList<>(List.of("GEOADD", "grid"));
      }
    }
    // A compact index (listpack) of a few points, which the searches read as well.
    List<String> small = new ArrayList<>(List.of("GEOADD", "small", "CH"));
    for (int i = 0; i < 100; i++) {
      int pick = random.nextInt(points.size());
      small.add(text(points.get(pick)[0]));
      small.add(text(points.get(pick)[1]));
      small.add(names.get(pick));
    }
    step++;
    same(small.toArray(new String[0]));
    same("OBJECT", "ENCODING", "small");
    same("OBJECT", "ENCODING", "grid");
    same("ZCARD", "grid");
    same("ZRANGE", "grid", "0", "-1", "WITHSCORES");
  }

  private void add(double longitude, double latitude) {
    points.add(new double[] {longitude, latitude});
    names.add("p" + names.size());
  }

  /** Coordinates just outside Redis's limits, and far outside, are refused with the same text. */
  private void refuseOutOfRange() throws IOException {
    String[][] outside = {
      {"180.0000001", "0"},
      {"-180.0000001", "0"},
      {"0", "85.05112879"},
      {"0", "-85.05112879"},
      {"0", "90"},
      {"0", "-90"},
      {"360", "0"},
      {"-1e10", "1e10"},
      {"1e-7", "-85.0511288"},
      {"-0.0000004", "89.9999995"},
      {"inf", "0"},
      {"0", "-inf"}
    };
    for (String[] pair : outside) {
      step++;
      same("GEOADD", "grid", pair[0], pair[1], "bad");
      same("GEOSEARCH", "grid", "FROMLONLAT", pair[0], pair[1], "BYRADIUS", "1", "km");
      same("GEORADIUS", "grid", pair[0], pair[1], "1", "km");
    }
    same("ZSCORE", "grid", "bad");
  }

  /** Every member's position and hash, and distances between random members in every unit. */
  private void readBack() throws IOException {
    for (int from = 0; from < names.size(); from += 100) {
      List<String> pos = new ArrayList<>(List.of("GEOPOS", "grid"));
      List<String> hash = new ArrayList<>(List.of("GEOHASH", "grid"));
      for (int i = from; i < Math.min(names.size(), from + 100); i++) {
        pos.add(names.get(i));
        hash.add(names.get(i));
      }
      pos.add("nobody");
      hash.add("nobody");
      step++;
      same(pos.toArray(new String[0]));
      same(hash.toArray(new String[0]));
    }
    for (int i = 0; i < 500; i++) {
      step++;
      same("GEODIST", "grid", member(), member(), unit());
    }
  }

  private void search() throws IOException {
    String key = random.nextInt(5) == 0 ? "small" : "grid";
    double radius = radiusMeters();
    String unit = unit();
    String size = text(radius / toMeters(unit));
    boolean fromMember = random.nextInt(3) == 0;
    String member = member();
    double[] centre = centre();
    List<String> options = options();
    List<String> argv = new ArrayList<>();
    switch (random.nextInt(6)) {
      case 0 -> {
        argv.addAll(List.of("GEORADIUS", key, text(centre[0]), text(centre[1]), size, unit));
        argv.addAll(options);
      }
      case 1 -> {
        argv.addAll(List.of("GEORADIUSBYMEMBER_RO", key, member, size, unit));
        argv.addAll(options);
      }
      case 2 -> {
        // Stored, then read back whole: the scores (hashes or distances) and the encoding.
        argv.addAll(List.of("GEOSEARCHSTORE", "dst", key));
        argv.addAll(from(fromMember, member, centre));
        argv.addAll(shape(size, unit));
        List<String> store = storeOptions();
        argv.addAll(store);
        step++;
        same(argv.toArray(new String[0]));
        if (store.contains("STOREDIST")) {
          sameWithinUlps("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        } else {
          same("ZRANGE", "dst", "0", "-1", "WITHSCORES");
        }
        same("OBJECT", "ENCODING", "dst");
        return;
      }
      default -> {
        argv.addAll(List.of("GEOSEARCH", key));
        argv.addAll(from(fromMember, member, centre));
        argv.addAll(shape(size, unit));
        argv.addAll(options);
      }
    }
    same(argv.toArray(new String[0]));
  }

  private List<String> from(boolean fromMember, String member, double[] centre) {
    return fromMember
        ? List.of("FROMMEMBER", member)
        : List.of("FROMLONLAT", text(centre[0]), text(centre[1]));
  }

  private List<String> shape(String size, String unit) {
    if (random.nextBoolean()) {
      return List.of("BYRADIUS", size, unit);
    }
    // Boxes from flat to tall, around the same reach.
    String height = text(Double.parseDouble(size) * (0.25 + random.nextDouble() * 3));
    return List.of("BYBOX", size, height, unit);
  }

  /** WITH* options, an order, and COUNT (ANY) in a random mix and order. */
  private List<String> options() {
    List<String> options = new ArrayList<>();
    for (String with : new String[] {"WITHCOORD", "WITHDIST", "WITHHASH"}) {
      if (random.nextInt(3) == 0) {
        options.add(with);
      }
    }
    options.addAll(orderAndCount());
    Collections.shuffle(options, random);
    return options;
  }

  private List<String> storeOptions() {
    List<String> options = new ArrayList<>(orderAndCount());
    if (random.nextBoolean()) {
      options.add("STOREDIST");
    }
    return options;
  }

  private List<String> orderAndCount() {
    List<String> options = new ArrayList<>();
    int order = random.nextInt(3);
    if (order > 0) {
      options.add(order == 1 ? "ASC" : "DESC");
    }
    if (random.nextInt(3) == 0) {
      options.add("COUNT");
      options.add(Integer.toString(1 + random.nextInt(random.nextBoolean() ? 5 : 60)));
      if (random.nextInt(3) == 0) {
        options.add("ANY");
      }
    }
    return options;
  }

  /** A search reach from a meter to half the Earth's circumference, evenly over the scales. */
  private double radiusMeters() {
    if (random.nextInt(40) == 0) {
      return 0;
    }
    return Math.pow(10, random.nextDouble() * 7.3);
  }

  /** A grid point, a cluster centre, or either moved a little. */
  private double[] centre() {
    double[] base =
        random.nextBoolean()
            ? points.get(random.nextInt(points.size()))
            : CLUSTERS[random.nextInt(CLUSTERS.length)];
    if (random.nextBoolean()) {
      return base;
    }
    return new double[] {
      clamp(base[0] + random.nextGaussian() * 0.05, -180, 180),
      clamp(base[1] + random.nextGaussian() * 0.05, -85.05112878, 85.05112878)
    };
  }

  private String member() {
    return random.nextInt(50) == 0 ? "nobody" : names.get(random.nextInt(names.size()));
  }

  private String unit() {
    return UNITS[random.nextInt(UNITS.length)];
  }

  private static double toMeters(String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "km" -> 1000;
      case "mi" -> 1609.34;
      case "ft" -> 0.3048;
      default -> 1;
    };
  }

  private static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  /** A coordinate as a client would send it: Java's shortest text that reads back the same. */
  private static String text(double value) {
    return Double.toString(value);
  }

  /**
   * The same members, with scores equal but for their last bits (4 ulps), in any order (members
   * whose distances differ by a bit may sort either way). Stored distances are the one place a
   * distance shows all its digits, and their last bit follows the C math library's {@code sin},
   * {@code cos} and {@code asin}, which are not correctly rounded in every case and which Java's
   * {@link StrictMath} does not reproduce bit for bit. Everything printed with Redis's four
   * decimals is compared exactly.
   */
  private void sameWithinUlps(String... argv) throws IOException {
    List<String> expected = leaves(call(redis, argv));
    List<String> actual = leaves(call(target, argv));
    assertThat(actual).as(context()).hasSameSizeAs(expected);
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < actual.size(); i += 2) {
      scores.put(actual.get(i), Double.parseDouble(actual.get(i + 1)));
    }
    for (int i = 0; i < expected.size(); i += 2) {
      double want = Double.parseDouble(expected.get(i + 1));
      assertThat(scores).as(context()).containsKey(expected.get(i));
      assertThat(Math.abs(scores.get(expected.get(i)) - want))
          .as("%s: score of %s", context(), expected.get(i))
          .isLessThanOrEqualTo(2 * Math.ulp(want));
    }
  }

  /** The strings and numbers of a reply, depth first. */
  private static List<String> leaves(RespValue value) {
    List<String> out = new ArrayList<>();
    if (value instanceof RespValue.Aggregate aggregate) {
      for (RespValue item : aggregate.items()) {
        out.addAll(leaves(item));
      }
    } else if (value instanceof RespValue.Blob blob) {
      out.add(new String(blob.data(), StandardCharsets.UTF_8));
    } else if (value instanceof RespValue.Line line) {
      out.add(new String(line.text(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The whole replies must be the same bytes (not only a shown prefix). */
  @Override
  protected void same(String... argv) throws IOException {
    RespValue expected = call(redis, argv);
    RespValue actual = call(target, argv);
    byte[] want = expected.raw();
    byte[] got = actual.raw();
    if (Arrays.equals(want, got)) {
      return;
    }
    int at = Arrays.mismatch(want, got);
    int from = Math.max(0, at - 200);
    assertThat(RespValue.escaped(Arrays.copyOfRange(got, from, got.length), 600))
        .as("%s (first difference at byte %d)", context(), at)
        .isEqualTo(RespValue.escaped(Arrays.copyOfRange(want, from, want.length), 600));
  }
}
