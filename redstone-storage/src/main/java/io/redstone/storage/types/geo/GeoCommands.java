package io.redstone.storage.types.geo;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.doubleValue;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.OW;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.types.geo.GeoHash.Cell;
import io.redstone.storage.types.geo.GeoHash.Position;
import io.redstone.storage.types.zset.SortedSet;
import io.redstone.storage.types.zset.ZSetCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The GEO commands, with Redis 7.0's options, replies (RESP2 and RESP3), errors and logged effects.
 * A geospatial index is a sorted set whose scores are 52-bit geohashes ({@link GeoHash}): GEOADD
 * turns positions into scores and hands over to ZADD, which it is logged as; the searches live in
 * {@link GeoSearch}.
 */
public final class GeoCommands {
  private static final byte[] ZADD = "zadd".getBytes(StandardCharsets.US_ASCII);

  /** GEOHASH's alphabet: base 32 without a, i, l and o. */
  private static final byte[] GEOHASH_ALPHABET =
      "0123456789bcdefghjkmnpqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

  private static final String SEARCH_COMPLEXITY =
      "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around"
          + " the shape provided as the filter and M is the number of items inside the shape";
  private static final String RADIUS_COMPLEXITY =
      "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area"
          + " delimited by center and radius and M is the number of items inside the index.";
  private static final String UPPERCASE_UNITS = "Added support for uppercase unit names.";

  private GeoCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        geoCommand("geoadd", -5)
            .flags(WRITE, DENYOOM)
            .keys(1, 1, 1)
            .docs(
                "Add one or more geospatial items in the geospatial index represented using a"
                    + " sorted set",
                "3.2.0",
                "O(log(N)) for each item added, where N is the number of elements in the sorted"
                    + " set.")
            .history("6.2.0", "Added the `CH`, `NX` and `XX` options.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                oneOf("condition", pureToken("nx", "NX"), pureToken("xx", "XX"))
                    .since("6.2.0")
                    .optional(),
                pureToken("change", "CH").since("6.2.0").optional(),
                block(
                        "longitude_latitude_member",
                        doubleValue("longitude"),
                        doubleValue("latitude"),
                        string("member"))
                    .multiple())
            .handler(GeoCommands::geoadd));
    table.add(
        geoCommand("geodist", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Returns the distance between two members of a geospatial index",
                "3.2.0",
                "O(log(N))")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member1"), string("member2"), unit().optional())
            .handler(GeoCommands::geodist));
    table.add(
        geoCommand("geohash", -2)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Returns members of a geospatial index as standard geohash strings",
                "3.2.0",
                "O(log(N)) for each member requested, where N is the number of elements in the"
                    + " sorted set.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member").multiple())
            .handler(GeoCommands::geohash));
    table.add(
        geoCommand("geopos", -2)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Returns longitude and latitude of members of a geospatial index",
                "3.2.0",
                "O(N) where N is the number of members requested.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member").multiple())
            .handler(GeoCommands::geopos));
    table.add(
        geoCommand("geosearch", -7)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Query a sorted set representing a geospatial index to fetch members inside an"
                    + " area of a box or a circle.",
                "6.2.0",
                SEARCH_COMPLEXITY)
            .history("7.0.0", UPPERCASE_UNITS)
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                from(),
                by(),
                order(),
                count(null),
                withCoord(),
                withDist(),
                withHash())
            .handler(call -> GeoSearch.run(call, GeoSearch.Variant.SEARCH)));
    table.add(
        geoCommand("geosearchstore", -8)
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .docs(
                "Query a sorted set representing a geospatial index to fetch members inside an"
                    + " area of a box or a circle, and store the result in another key.",
                "6.2.0",
                SEARCH_COMPLEXITY)
            .history("7.0.0", UPPERCASE_UNITS)
            .keySpecs(KeySpec.index(1).flags(OW, UPDATE), KeySpec.index(2).flags(RO, ACCESS))
            .arguments(
                key("destination", 0),
                key("source", 1),
                from(),
                by(),
                order(),
                count(null),
                pureToken("storedist", "STOREDIST").optional())
            .handler(call -> GeoSearch.run(call, GeoSearch.Variant.SEARCH_STORE)));
    table.add(
        geoCommand("georadius", -6)
            .flags(WRITE, DENYOOM, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .docs(
                "Query a sorted set representing a geospatial index to fetch members matching a"
                    + " given maximum distance from a point",
                "3.2.0",
                RADIUS_COMPLEXITY)
            .deprecated("6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument")
            .history("6.2.0", "Added the `ANY` option for `COUNT`.")
            .history("7.0.0", UPPERCASE_UNITS)
            .keySpecs(
                KeySpec.index(1).flags(RO, ACCESS),
                KeySpec.keyword("STORE", 6).flags(OW, UPDATE),
                KeySpec.keyword("STOREDIST", 6).flags(OW, UPDATE))
            .arguments(radiusArguments(false, true, "6.2.0"))
            .handler(call -> GeoSearch.run(call, GeoSearch.Variant.RADIUS)));
    table.add(
        geoCommand("georadius_ro", -6)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs("A read-only variant for GEORADIUS", "3.2.10", RADIUS_COMPLEXITY)
            .deprecated("6.2.0", "`GEOSEARCH` with the `BYRADIUS` argument")
            .history("6.2.0", "Added the `ANY` option for `COUNT`.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(radiusArguments(false, false, "6.2.0"))
            .handler(call -> GeoSearch.run(call, GeoSearch.Variant.RADIUS_READ_ONLY)));
    table.add(
        geoCommand("georadiusbymember", -5)
            .flags(WRITE, DENYOOM, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .docs(
                "Query a sorted set representing a geospatial index to fetch members matching a"
                    + " given maximum distance from a member",
                "3.2.0",
                RADIUS_COMPLEXITY)
            .deprecated(
                "6.2.0",
                "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments")
            .history("7.0.0", UPPERCASE_UNITS)
            .keySpecs(
                KeySpec.index(1).flags(RO, ACCESS),
                KeySpec.keyword("STORE", 5).flags(OW, UPDATE),
                KeySpec.keyword("STOREDIST", 5).flags(OW, UPDATE))
            .arguments(radiusArguments(true, true, null))
            .handler(call -> GeoSearch.run(call, GeoSearch.Variant.RADIUS_BY_MEMBER)));
    table.add(
        geoCommand("georadiusbymember_ro", -5)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs("A read-only variant for GEORADIUSBYMEMBER", "3.2.10", RADIUS_COMPLEXITY)
            .deprecated("6.2.0", "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(radiusArguments(true, false, null))
            .handler(call -> GeoSearch.run(call, GeoSearch.Variant.RADIUS_BY_MEMBER_READ_ONLY)));
  }

  private static CommandSpec.Builder geoCommand(String name, int arity) {
    return CommandSpec.command(name, arity).group(CommandGroup.GEO);
  }

  // ---------------------------------------------------------------------------------------------
  // Argument declarations for COMMAND DOCS

  private static Argument unit() {
    return oneOf(
        "unit",
        pureToken("m", "M"),
        pureToken("km", "KM"),
        pureToken("ft", "FT"),
        pureToken("mi", "MI"));
  }

  private static Argument from() {
    return oneOf(
        "from",
        string("member").token("FROMMEMBER"),
        block("longitude_latitude", doubleValue("longitude"), doubleValue("latitude"))
            .token("FROMLONLAT"));
  }

  private static Argument by() {
    return oneOf(
        "by",
        block("circle", doubleValue("radius").token("BYRADIUS"), unit()),
        block("box", doubleValue("width").token("BYBOX"), doubleValue("height"), unit()));
  }

  private static Argument order() {
    return oneOf("order", pureToken("asc", "ASC"), pureToken("desc", "DESC")).optional();
  }

  /** COUNT and its ANY, which GEORADIUS gained later than the command ({@code anySince}). */
  private static Argument count(String anySince) {
    Argument any = pureToken("any", "ANY").optional();
    if (anySince != null) {
      any = any.since(anySince);
    }
    return block("count", integer("count").token("COUNT"), any).optional();
  }

  private static Argument withCoord() {
    return pureToken("withcoord", "WITHCOORD").optional();
  }

  private static Argument withDist() {
    return pureToken("withdist", "WITHDIST").optional();
  }

  private static Argument withHash() {
    return pureToken("withhash", "WITHHASH").optional();
  }

  private static Argument[] radiusArguments(boolean byMember, boolean withStore, String anySince) {
    List<Argument> arguments = new ArrayList<>();
    arguments.add(key("key", 0));
    if (byMember) {
      arguments.add(string("member"));
    } else {
      arguments.add(doubleValue("longitude"));
      arguments.add(doubleValue("latitude"));
    }
    arguments.add(doubleValue("radius"));
    arguments.add(unit());
    arguments.add(withCoord());
    arguments.add(withDist());
    arguments.add(withHash());
    arguments.add(count(anySince));
    arguments.add(order());
    if (withStore) {
      arguments.add(key("key", 1).token("STORE").optional());
      arguments.add(key("key", 2).token("STOREDIST").optional());
    }
    return arguments.toArray(new Argument[0]);
  }

  // ---------------------------------------------------------------------------------------------
  // GEOADD, GEODIST, GEOHASH, GEOPOS

  /**
   * {@code GEOADD key [NX|XX] [CH] longitude latitude member ...}: the options (in any order), then
   * every position checked and turned into its score, then ZADD with those scores, which answers
   * and is what the log records (Redis's {@code geoaddCommand} rewrites itself the same way).
   */
  private static void geoadd(Invocation call) {
    byte[][] argv = call.argv();
    boolean nx = false;
    boolean xx = false;
    int first = 2;
    while (first < argv.length) {
      if (call.argIs(first, "nx")) {
        nx = true;
      } else if (call.argIs(first, "xx")) {
        xx = true;
      } else if (!call.argIs(first, "ch")) {
        break;
      }
      first++;
    }
    if ((argv.length - first) % 3 != 0 || (xx && nx)) {
      throw new CommandException(Errors.SYNTAX);
    }
    int elements = (argv.length - first) / 3;
    byte[][] zadd = new byte[first + elements * 2][];
    zadd[0] = ZADD;
    System.arraycopy(argv, 1, zadd, 1, first - 1);
    for (int i = 0; i < elements; i++) {
      int at = first + i * 3;
      Position position = GeoArguments.position(argv, at);
      long score = GeoHash.score(position.longitude(), position.latitude());
      zadd[first + i * 2] = Numbers.toBytes(score);
      zadd[first + i * 2 + 1] = argv[at + 2];
    }
    ZSetCommands.zadd(call, zadd);
  }

  /** {@code GEODIST key member1 member2 [unit]}: null when the key or either member is absent. */
  private static void geodist(Invocation call) {
    double toMeters = 1;
    if (call.argc() == 5) {
      toMeters = GeoArguments.unit(call.arg(4));
    } else if (call.argc() > 5) {
      throw new CommandException(Errors.SYNTAX);
    }
    SortedSet index = ZSetCommands.readSet(call, call.arg(1));
    double score1 = index == null ? Double.NaN : index.score(call.arg(2));
    double score2 = index == null ? Double.NaN : index.score(call.arg(3));
    if (Double.isNaN(score1) || Double.isNaN(score2)) {
      call.reply().nullBulk();
      return;
    }
    Position from = GeoHash.decodeScore(score1);
    Position to = GeoHash.decodeScore(score2);
    double meters =
        GeoDistance.between(from.longitude(), from.latitude(), to.longitude(), to.latitude());
    call.reply().bulk(GeoFormat.distance(meters / toMeters));
  }

  /**
   * {@code GEOHASH key member ...}: each member's position as an 11-character standard geohash, or
   * null. Redis's scores map latitudes from -85.05112878..85.05112878, so the decoded position is
   * encoded again over -90..90; 52 bits make ten characters, and the eleventh is always '0'.
   */
  private static void geohash(Invocation call) {
    SortedSet index = ZSetCommands.readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    reply.arrayHeader(call.argc() - 2);
    for (int j = 2; j < call.argc(); j++) {
      double score = index == null ? Double.NaN : index.score(call.arg(j));
      if (Double.isNaN(score)) {
        reply.nullBulk();
        continue;
      }
      Position position = GeoHash.decodeScore(score);
      Cell standard =
          GeoHash.encode(
              position.longitude(), position.latitude(), GeoHash.STEP_MAX, -180, 180, -90, 90);
      byte[] text = new byte[11];
      for (int i = 0; i < 10; i++) {
        int digit = (int) ((standard.bits() >>> (52 - (i + 1) * 5)) & 0x1f);
        text[i] = GEOHASH_ALPHABET[digit];
      }
      text[10] = GEOHASH_ALPHABET[0];
      reply.bulk(text);
    }
  }

  /** {@code GEOPOS key member ...}: each member's longitude and latitude, or a null array. */
  private static void geopos(Invocation call) {
    SortedSet index = ZSetCommands.readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    reply.arrayHeader(call.argc() - 2);
    for (int j = 2; j < call.argc(); j++) {
      double score = index == null ? Double.NaN : index.score(call.arg(j));
      if (Double.isNaN(score)) {
        reply.nullArray();
        continue;
      }
      Position position = GeoHash.decodeScore(score);
      reply.arrayHeader(2);
      reply.formattedDouble(GeoFormat.coordinate(position.longitude()));
      reply.formattedDouble(GeoFormat.coordinate(position.latitude()));
    }
  }
}
