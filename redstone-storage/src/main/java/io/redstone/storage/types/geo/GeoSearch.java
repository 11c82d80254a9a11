package io.redstone.storage.types.geo;

import io.redstone.protocol.DoubleFormat;
import io.redstone.protocol.ReplySink;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.keys.PartialQuicksort;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.geo.GeoHash.Cell;
import io.redstone.storage.types.geo.GeoHash.Position;
import io.redstone.storage.types.zset.SortedSet;
import io.redstone.storage.types.zset.ZSetCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * GEOSEARCH, GEOSEARCHSTORE, GEORADIUS, GEORADIUSBYMEMBER and the read-only forms: one search with
 * the arguments each command takes, Redis's {@code georadiusGeneric}. The checks come in Redis's
 * order: the source key's type, the centre and radius the old commands take in fixed places, then
 * each option as it comes (a bad number or unknown word stops there), then the combinations, and
 * only then an absent source.
 */
final class GeoSearch {
  /** Which command is searching: where its arguments are and which options it takes. */
  enum Variant {
    /** GEORADIUS: {@code key longitude latitude radius unit}, STORE and STOREDIST. */
    RADIUS(1, 6, true),
    /** GEORADIUS_RO. */
    RADIUS_READ_ONLY(1, 6, false),
    /** GEORADIUSBYMEMBER: {@code key member radius unit}, STORE and STOREDIST. */
    RADIUS_BY_MEMBER(1, 5, true),
    /** GEORADIUSBYMEMBER_RO. */
    RADIUS_BY_MEMBER_READ_ONLY(1, 5, false),
    /** GEOSEARCH: {@code key}, then FROMMEMBER/FROMLONLAT and BYRADIUS/BYBOX among the options. */
    SEARCH(1, 2, false),
    /** GEOSEARCHSTORE: {@code destination source}, then as GEOSEARCH, and STOREDIST. */
    SEARCH_STORE(2, 3, false);

    final int sourceIndex;
    final int firstOption;
    final boolean takesStore;

    Variant(int sourceIndex, int firstOption, boolean takesStore) {
      this.sourceIndex = sourceIndex;
      this.firstOption = firstOption;
      this.takesStore = takesStore;
    }

    boolean isSearch() {
      return this == SEARCH || this == SEARCH_STORE;
    }

    boolean byMember() {
      return this == RADIUS_BY_MEMBER || this == RADIUS_BY_MEMBER_READ_ONLY;
    }
  }

  private enum Order {
    NONE,
    ASC,
    DESC
  }

  /** A member found in the area: where it is, how far from the centre (meters), its score. */
  private record Found(
      byte[] member, double score, double longitude, double latitude, double distance) {}

  /** Redis's {@code sort_gp_asc}: by distance only. */
  private static final Comparator<Found> NEAREST_FIRST =
      (a, b) -> a.distance > b.distance ? 1 : a.distance == b.distance ? 0 : -1;

  private static final Comparator<Found> FARTHEST_FIRST = (a, b) -> -NEAREST_FIRST.compare(a, b);

  private static final byte[] DEL = "DEL".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZADD = "ZADD".getBytes(StandardCharsets.US_ASCII);

  /** Members per logged ZADD of a stored result. */
  private static final int ADD_BATCH = 512;

  private GeoSearch() {}

  static void run(Invocation call, Variant variant) {
    byte[][] argv = call.argv();
    SortedSet source = ZSetCommands.readSet(call, argv[variant.sourceIndex]);
    byte[] storeKey = variant == Variant.SEARCH_STORE ? argv[1] : null;
    boolean storeDistance = false;

    Position centre = null;
    double[] circle = null;
    double[] box = null;
    if (variant == Variant.RADIUS || variant == Variant.RADIUS_READ_ONLY) {
      centre = GeoArguments.position(argv, 2);
      circle = GeoArguments.radius(argv, 4);
    } else if (variant.byMember() && source != null) {
      centre = memberPosition(source, argv[2]);
      circle = GeoArguments.radius(argv, 3);
    }

    boolean withDistance = false;
    boolean withHash = false;
    boolean withCoordinates = false;
    boolean fromMember = false;
    boolean fromPosition = false;
    Order order = Order.NONE;
    boolean any = false;
    long count = 0;
    int argc = argv.length;
    for (int i = variant.firstOption; i < argc; i++) {
      int left = argc - i - 1;
      if (call.argIs(i, "withdist")) {
        withDistance = true;
      } else if (call.argIs(i, "withhash")) {
        withHash = true;
      } else if (call.argIs(i, "withcoord")) {
        withCoordinates = true;
      } else if (call.argIs(i, "any")) {
        any = true;
      } else if (call.argIs(i, "asc")) {
        order = Order.ASC;
      } else if (call.argIs(i, "desc")) {
        order = Order.DESC;
      } else if (call.argIs(i, "count") && left >= 1) {
        count = call.argLong(i + 1);
        if (count <= 0) {
          throw new CommandException(Errors.GEO_COUNT_NOT_POSITIVE);
        }
        i++;
      } else if (call.argIs(i, "store") && left >= 1 && variant.takesStore) {
        storeKey = argv[++i];
        storeDistance = false;
      } else if (call.argIs(i, "storedist") && left >= 1 && variant.takesStore) {
        storeKey = argv[++i];
        storeDistance = true;
      } else if (call.argIs(i, "storedist") && variant == Variant.SEARCH_STORE) {
        storeDistance = true;
      } else if (call.argIs(i, "frommember") && left >= 1 && variant.isSearch() && !fromPosition) {
        // Without a source the search answers empty, but only after every argument is checked.
        if (source != null) {
          centre = memberPosition(source, argv[i + 1]);
        }
        fromMember = true;
        i++;
      } else if (call.argIs(i, "fromlonlat") && left >= 2 && variant.isSearch() && !fromMember) {
        centre = GeoArguments.position(argv, i + 1);
        fromPosition = true;
        i += 2;
      } else if (call.argIs(i, "byradius") && left >= 2 && variant.isSearch() && box == null) {
        circle = GeoArguments.radius(argv, i + 1);
        i += 2;
      } else if (call.argIs(i, "bybox") && left >= 3 && variant.isSearch() && circle == null) {
        box = GeoArguments.box(argv, i + 1);
        i += 3;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }

    if (storeKey != null && (withDistance || withHash || withCoordinates)) {
      throw new CommandException(
          variant == Variant.SEARCH_STORE
              ? Errors.GEOSEARCHSTORE_WITH_OPTIONS
              : Errors.GEORADIUS_STORE_WITH_OPTIONS);
    }
    if (variant.isSearch() && !(fromMember || fromPosition)) {
      throw new CommandException(Errors.geoSearchNeedsCentre(call.argString(0)));
    }
    if (variant.isSearch() && circle == null && box == null) {
      throw new CommandException(Errors.geoSearchNeedsShape(call.argString(0)));
    }
    if (any && count == 0) {
      throw new CommandException(Errors.GEO_ANY_WITHOUT_COUNT);
    }

    if (source == null) {
      if (storeKey != null) {
        if (call.db().delete(storeKey, call.now())) {
          call.notify(NotifyClass.GENERIC, "del", storeKey);
          call.dirty(1);
          call.propagate(DEL, storeKey);
        }
        call.reply().integer(0);
      } else {
        call.reply().arrayHeader(0);
      }
      return;
    }

    // COUNT means the nearest ones, unless ANY asked for whichever come first.
    if (count != 0 && order == Order.NONE && !any) {
      order = Order.ASC;
    }
    SearchShape shape =
        circle != null
            ? SearchShape.circle(centre.longitude(), centre.latitude(), circle[0], circle[1])
            : SearchShape.box(centre.longitude(), centre.latitude(), box[0], box[1], box[2]);
    Found[] found = collect(source, shape, any ? count : 0);
    if (found.length == 0 && storeKey == null) {
      call.reply().arrayHeader(0);
      return;
    }
    int returned = count == 0 || found.length < count ? found.length : (int) count;
    if (order != Order.NONE) {
      Comparator<Found> comparator = order == Order.ASC ? NEAREST_FIRST : FARTHEST_FIRST;
      if (returned == found.length) {
        // glibc's qsort is a merge sort: stable, as Java's object sort.
        Arrays.sort(found, comparator);
      } else {
        PartialQuicksort.sort(found, comparator, 0, returned - 1);
      }
    }
    double toMeters = shape.toMeters();
    if (storeKey == null) {
      reply(call.reply(), found, returned, toMeters, withDistance, withHash, withCoordinates);
    } else {
      String event = variant == Variant.SEARCH_STORE ? "geosearchstore" : "georadiusstore";
      store(call, storeKey, event, found, returned, toMeters, storeDistance);
    }
  }

  /** The position of a member of the source, as FROMMEMBER and GEORADIUSBYMEMBER take it. */
  private static Position memberPosition(SortedSet source, byte[] member) {
    double score = source.score(member);
    if (Double.isNaN(score)) {
      throw new CommandException(Errors.GEO_MEMBER_NOT_FOUND);
    }
    return GeoHash.decodeScore(score);
  }

  /**
   * The members within the shape, cell by cell in Redis's order ({@code membersOfAllNeighbors}),
   * each cell in score order; with a {@code limit} (ANY), no more cells or members once that many
   * are found.
   */
  private static Found[] collect(SortedSet source, SearchShape shape, long limit) {
    Cell[] cells = SearchCells.of(shape);
    Collector collector = new Collector(shape, limit);
    int lastProcessed = 0;
    for (int i = 0; i < cells.length; i++) {
      Cell cell = cells[i];
      if (cell.isNone()) {
        continue;
      }
      // Wide searches give neighbours equal to each other; Redis reads a repeated one once (but
      // never compares with the centre cell, as its "last processed" index 0 reads as none).
      if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
        continue;
      }
      if (collector.full()) {
        break;
      }
      double min = GeoHash.align52(cell);
      double max = GeoHash.align52(new Cell(cell.bits() + 1, cell.step()));
      source.forEachInScoreRange(min, max, collector);
      lastProcessed = i;
    }
    return collector.found();
  }

  /**
   * Keeps the members of a cell's score range that lie within the shape ({@code geoWithinShape}).
   */
  private static final class Collector implements SortedSet.ScoredMemberVisitor {
    private final SearchShape shape;
    private final long limit;
    private Found[] found = new Found[8];
    private int size;

    Collector(SearchShape shape, long limit) {
      this.shape = shape;
      this.limit = limit;
    }

    @Override
    public boolean visit(byte[] member, double score) {
      Position position = GeoHash.decodeScore(score);
      double distance = shape.distanceIfWithin(position.longitude(), position.latitude());
      if (!Double.isNaN(distance)) {
        if (size == found.length) {
          found = Arrays.copyOf(found, size * 2);
        }
        found[size++] =
            new Found(member, score, position.longitude(), position.latitude(), distance);
      }
      return !full();
    }

    /** Whether ANY's limit is reached. */
    boolean full() {
      return size > 0 && limit != 0 && size >= limit;
    }

    Found[] found() {
      return Arrays.copyOf(found, size);
    }
  }

  private static void reply(
      ReplySink reply,
      Found[] found,
      int returned,
      double toMeters,
      boolean withDistance,
      boolean withHash,
      boolean withCoordinates) {
    int options = (withDistance ? 1 : 0) + (withHash ? 1 : 0) + (withCoordinates ? 1 : 0);
    reply.arrayHeader(returned);
    for (int i = 0; i < returned; i++) {
      Found point = found[i];
      if (options > 0) {
        reply.arrayHeader(options + 1);
      }
      reply.bulk(point.member());
      if (withDistance) {
        reply.bulk(GeoFormat.distance(point.distance() / toMeters));
      }
      if (withHash) {
        reply.integer(GeoHash.truncateLikeX86(point.score()));
      }
      if (withCoordinates) {
        reply.arrayHeader(2);
        reply.formattedDouble(GeoFormat.coordinate(point.longitude()));
        reply.formattedDouble(GeoFormat.coordinate(point.latitude()));
      }
    }
  }

  /**
   * GEOSEARCHSTORE's and STORE's result: the members with their scores (or, with STOREDIST, their
   * distances in the unit asked) replace the destination; none deletes it. Logged as what it stored
   * (the destination deleted, then ZADDs of the result, as one group), not as the command: the
   * source may have expired by the time the log is replayed. Emits {@code event} on the
   * destination, or {@code del} when an empty result deleted it.
   */
  private static void store(
      Invocation call,
      byte[] destination,
      String event,
      Found[] found,
      int returned,
      double toMeters,
      boolean storeDistance) {
    if (returned == 0) {
      if (call.db().delete(destination, call.now())) {
        call.notify(NotifyClass.GENERIC, "del", destination);
        call.dirty(1);
        call.propagate(DEL, destination);
      }
      call.reply().integer(0);
      return;
    }
    boolean replaced = call.db().exists(destination, call.now());
    ZSetCommands.Pairs pairs = new ZSetCommands.Pairs();
    for (int i = 0; i < returned; i++) {
      Found point = found[i];
      pairs.add(point.member(), storeDistance ? point.distance() / toMeters : point.score());
    }
    ZSetCommands.storeNew(call, destination, pairs);
    call.notify(NotifyClass.ZSET, event, destination);
    call.dirty(returned);
    logStored(call, destination, pairs, replaced);
    call.reply().integer(returned);
  }

  private static void logStored(
      Invocation call, byte[] destination, ZSetCommands.Pairs pairs, boolean replaced) {
    call.engine().beginEffectGroup();
    try {
      if (replaced) {
        call.propagate(DEL, destination);
      }
      for (int from = 0; from < pairs.size(); from += ADD_BATCH) {
        int to = Math.min(pairs.size(), from + ADD_BATCH);
        byte[][] effect = new byte[2 + 2 * (to - from)][];
        effect[0] = ZADD;
        effect[1] = destination;
        for (int i = from; i < to; i++) {
          // %.17g reads back as the same double.
          effect[2 + 2 * (i - from)] =
              DoubleFormat.formatG17(pairs.score(i)).getBytes(StandardCharsets.US_ASCII);
          effect[3 + 2 * (i - from)] = pairs.member(i);
        }
        call.propagate(effect);
      }
    } finally {
      call.engine().endEffectGroup();
    }
  }
}
