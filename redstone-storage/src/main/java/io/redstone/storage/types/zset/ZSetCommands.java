package io.redstone.storage.types.zset;

import static io.redstone.storage.command.Argument.block;
import static io.redstone.storage.command.Argument.doubleValue;
import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.key;
import static io.redstone.storage.command.Argument.oneOf;
import static io.redstone.storage.command.Argument.pattern;
import static io.redstone.storage.command.Argument.pureToken;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.BLOCKING;
import static io.redstone.storage.command.CommandFlag.DENYOOM;
import static io.redstone.storage.command.CommandFlag.FAST;
import static io.redstone.storage.command.CommandFlag.MOVABLE_KEYS;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.READONLY;
import static io.redstone.storage.command.CommandFlag.WRITE;
import static io.redstone.storage.command.KeySpec.Flag.ACCESS;
import static io.redstone.storage.command.KeySpec.Flag.DELETE;
import static io.redstone.storage.command.KeySpec.Flag.OW;
import static io.redstone.storage.command.KeySpec.Flag.RO;
import static io.redstone.storage.command.KeySpec.Flag.RW;
import static io.redstone.storage.command.KeySpec.Flag.UPDATE;

import io.redstone.protocol.DoubleFormat;
import io.redstone.protocol.ReplySink;
import io.redstone.protocol.text.Numbers;
import io.redstone.storage.Database;
import io.redstone.storage.KeyWrite;
import io.redstone.storage.command.Argument;
import io.redstone.storage.command.BlockingTimeout;
import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.command.KeySpec;
import io.redstone.storage.command.MultiPopArguments;
import io.redstone.storage.command.ScanArguments;
import io.redstone.storage.keyspace.BytesTable;
import io.redstone.storage.keyspace.Entry;
import io.redstone.storage.keyspace.HashNode;
import io.redstone.storage.notify.NotifyClass;
import io.redstone.storage.types.EncodingLimits;
import io.redstone.storage.types.MemberView;
import io.redstone.storage.types.ValueType;
import io.redstone.storage.types.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sorted-set commands, with Redis 7.0's options, replies (RESP2 and RESP3), errors, encodings and
 * logged effects. Writes open the key with {@link Database#openForWrite} or {@link
 * Database#openOrCreate} and finish with {@link KeyWrite#done}; a write that changes nothing logs
 * nothing. Deterministic commands are logged as they came; ZMPOP as the ZPOPMIN or ZPOPMAX it
 * amounted to, as Redis does.
 */
public final class ZSetCommands {
  private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(StandardCharsets.US_ASCII);

  private ZSetCommands() {}

  public static void register(CommandTable.Builder table) {
    table.add(
        zsetCommand("zadd", -4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Add one or more members to a sorted set, or update its score if it already "
                    + "exists",
                "1.2.0",
                "O(log(N)) for each item added, where N is the number of elements in the "
                    + "sorted set.")
            .history("2.4.0", "Accepts multiple elements.")
            .history("3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options.")
            .history("6.2.0", "Added the `GT` and `LT` options.")
            .keySpecs(KeySpec.index(1).flags(RW, UPDATE))
            .arguments(
                key("key", 0),
                oneOf("condition", pureToken("nx", "NX"), pureToken("xx", "XX"))
                    .since("3.0.2")
                    .optional(),
                oneOf("comparison", pureToken("gt", "GT"), pureToken("lt", "LT"))
                    .since("6.2.0")
                    .optional(),
                pureToken("change", "CH").since("3.0.2").optional(),
                pureToken("increment", "INCR").since("3.0.2").optional(),
                block("score_member", doubleValue("score"), string("member")).multiple())
            .handler(ZSetCommands::zadd));
    table.add(
        zsetCommand("zincrby", 4)
            .flags(WRITE, DENYOOM, FAST)
            .keys(1, 1, 1)
            .docs(
                "Increment the score of a member in a sorted set",
                "1.2.0",
                "O(log(N)) where N is the number of elements in the sorted set.")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, UPDATE))
            .arguments(key("key", 0), integer("increment"), string("member"))
            .handler(ZSetCommands::zincrby));
    table.add(
        zsetCommand("zrem", -3)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Remove one or more members from a sorted set",
                "1.2.0",
                "O(M*log(N)) with N being the number of elements in the sorted set and M "
                    + "the number of elements to be removed.")
            .history("2.4.0", "Accepts multiple elements.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), string("member").multiple())
            .handler(ZSetCommands::zrem));
    table.add(
        zsetCommand("zcard", 2)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the number of members in a sorted set", "1.2.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO))
            .arguments(key("key", 0))
            .handler(ZSetCommands::zcard));
    table.add(
        zsetCommand("zcount", 4)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs(
                "Count the members in a sorted set with scores within the given values",
                "2.0.0",
                "O(log(N)) with N being the number of elements in the sorted set.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), doubleValue("min"), doubleValue("max"))
            .handler(ZSetCommands::zcount));
    table.add(
        zsetCommand("zlexcount", 4)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs(
                "Count the number of members in a sorted set between a given "
                    + "lexicographical range",
                "2.8.9",
                "O(log(N)) with N being the number of elements in the sorted set.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("min"), string("max"))
            .handler(ZSetCommands::zlexcount));
    table.add(
        zsetCommand("zscore", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Get the score associated with the given member in a sorted set", "1.2.0", "O(1)")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member"))
            .handler(ZSetCommands::zscore));
    table.add(
        zsetCommand("zmscore", -3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs(
                "Get the score associated with the given members in a sorted set",
                "6.2.0",
                "O(N) where N is the number of members being requested.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member").multiple())
            .handler(ZSetCommands::zmscore));
    table.add(
        zsetCommand("zrank", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs("Determine the index of a member in a sorted set", "2.0.0", "O(log(N))")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member"))
            .handler(ZSetCommands::zrank));
    table.add(
        zsetCommand("zrevrank", 3)
            .flags(READONLY, FAST)
            .keys(1, 1, 1)
            .docs(
                "Determine the index of a member in a sorted set, with scores ordered from "
                    + "high to low",
                "2.0.0",
                "O(log(N))")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(key("key", 0), string("member"))
            .handler(ZSetCommands::zrevrank));
    table.add(
        zsetCommand("zrange", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of members in a sorted set",
                "1.2.0",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements returned.")
            .history("6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options.")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("start"),
                string("stop"),
                oneOf("sortby", pureToken("byscore", "BYSCORE"), pureToken("bylex", "BYLEX"))
                    .since("6.2.0")
                    .optional(),
                pureToken("rev", "REV").since("6.2.0").optional(),
                block("offset_count", integer("offset"), integer("count"))
                    .token("LIMIT")
                    .since("6.2.0")
                    .optional(),
                pureToken("withscores", "WITHSCORES").optional())
            .handler(ZSetCommands::zrange));
    table.add(
        zsetCommand("zrangestore", -5)
            .flags(WRITE, DENYOOM)
            .keys(1, 2, 1)
            .docs(
                "Store a range of members from sorted set into another key",
                "6.2.0",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements stored into the destination key.")
            .keySpecs(KeySpec.index(1).flags(OW, UPDATE), KeySpec.index(2).flags(RO, ACCESS))
            .arguments(
                key("dst", 0),
                key("src", 1),
                string("min"),
                string("max"),
                oneOf("sortby", pureToken("byscore", "BYSCORE"), pureToken("bylex", "BYLEX"))
                    .optional(),
                pureToken("rev", "REV").optional(),
                block("offset_count", integer("offset"), integer("count"))
                    .token("LIMIT")
                    .optional())
            .handler(ZSetCommands::zrangestore));
    table.add(
        zsetCommand("zrevrange", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of members in a sorted set, by index, with scores ordered "
                    + "from high to low",
                "1.2.0",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements returned.")
            .deprecated("6.2.0", "`ZRANGE` with the `REV` argument")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                integer("start"),
                integer("stop"),
                pureToken("withscores", "WITHSCORES").optional())
            .handler(ZSetCommands::zrevrange));
    table.add(
        zsetCommand("zrangebyscore", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of members in a sorted set, by score",
                "1.0.5",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements being returned. If M is constant (e.g. always "
                    + "asking for the first 10 elements with LIMIT), you can consider it "
                    + "O(log(N)).")
            .history("2.0.0", "Added the `WITHSCORES` modifier.")
            .deprecated("6.2.0", "`ZRANGE` with the `BYSCORE` argument")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                doubleValue("min"),
                doubleValue("max"),
                pureToken("withscores", "WITHSCORES").since("2.0.0").optional(),
                block("offset_count", integer("offset"), integer("count"))
                    .token("LIMIT")
                    .optional())
            .handler(ZSetCommands::zrangebyscore));
    table.add(
        zsetCommand("zrevrangebyscore", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of members in a sorted set, by score, with scores ordered "
                    + "from high to low",
                "2.2.0",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements being returned. If M is constant (e.g. always "
                    + "asking for the first 10 elements with LIMIT), you can consider it "
                    + "O(log(N)).")
            .history("2.1.6", "`min` and `max` can be exclusive.")
            .deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYSCORE` arguments")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                doubleValue("max"),
                doubleValue("min"),
                pureToken("withscores", "WITHSCORES").optional(),
                block("offset_count", integer("offset"), integer("count"))
                    .token("LIMIT")
                    .optional())
            .handler(ZSetCommands::zrevrangebyscore));
    table.add(
        zsetCommand("zrangebylex", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of members in a sorted set, by lexicographical range",
                "2.8.9",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements being returned. If M is constant (e.g. always "
                    + "asking for the first 10 elements with LIMIT), you can consider it "
                    + "O(log(N)).")
            .deprecated("6.2.0", "`ZRANGE` with the `BYLEX` argument")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("min"),
                string("max"),
                block("offset_count", integer("offset"), integer("count"))
                    .token("LIMIT")
                    .optional())
            .handler(ZSetCommands::zrangebylex));
    table.add(
        zsetCommand("zrevrangebylex", -4)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Return a range of members in a sorted set, by lexicographical range, "
                    + "ordered from higher to lower strings.",
                "2.8.9",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements being returned. If M is constant (e.g. always "
                    + "asking for the first 10 elements with LIMIT), you can consider it "
                    + "O(log(N)).")
            .deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYLEX` arguments")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                string("max"),
                string("min"),
                block("offset_count", integer("offset"), integer("count"))
                    .token("LIMIT")
                    .optional())
            .handler(ZSetCommands::zrevrangebylex));
    table.add(
        zsetCommand("zremrangebyrank", 4)
            .flags(WRITE)
            .keys(1, 1, 1)
            .docs(
                "Remove all members in a sorted set within the given indexes",
                "2.0.0",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements removed by the operation.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), integer("start"), integer("stop"))
            .handler(ZSetCommands::zremrangebyrank));
    table.add(
        zsetCommand("zremrangebyscore", 4)
            .flags(WRITE)
            .keys(1, 1, 1)
            .docs(
                "Remove all members in a sorted set within the given scores",
                "1.2.0",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements removed by the operation.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), doubleValue("min"), doubleValue("max"))
            .handler(ZSetCommands::zremrangebyscore));
    table.add(
        zsetCommand("zremrangebylex", 4)
            .flags(WRITE)
            .keys(1, 1, 1)
            .docs(
                "Remove all members in a sorted set between the given lexicographical range",
                "2.8.9",
                "O(log(N)+M) with N being the number of elements in the sorted set and M "
                    + "the number of elements removed by the operation.")
            .keySpecs(KeySpec.index(1).flags(RW, DELETE))
            .arguments(key("key", 0), string("min"), string("max"))
            .handler(ZSetCommands::zremrangebylex));
    table.add(
        zsetCommand("zpopmin", -2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Remove and return members with the lowest scores in a sorted set",
                "5.0.0",
                "O(log(N)*M) with N being the number of elements in the sorted set, and M "
                    + "being the number of elements popped.")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, DELETE))
            .arguments(key("key", 0), integer("count").optional())
            .handler(ZSetCommands::zpopmin));
    table.add(
        zsetCommand("zpopmax", -2)
            .flags(WRITE, FAST)
            .keys(1, 1, 1)
            .docs(
                "Remove and return members with the highest scores in a sorted set",
                "5.0.0",
                "O(log(N)*M) with N being the number of elements in the sorted set, and M "
                    + "being the number of elements popped.")
            .keySpecs(KeySpec.index(1).flags(RW, ACCESS, DELETE))
            .arguments(key("key", 0), integer("count").optional())
            .handler(ZSetCommands::zpopmax));
    table.add(
        zsetCommand("zmpop", -4)
            .flags(WRITE, MOVABLE_KEYS)
            .docs(
                "Remove and return members with scores in a sorted set",
                "7.0.0",
                "O(K) + O(M*log(N)) where K is the number of provided keys, N being the "
                    + "number of elements in the sorted set, and M being the number of elements "
                    + "popped.")
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RW, ACCESS, DELETE))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                oneOf("where", pureToken("min", "MIN"), pureToken("max", "MAX")),
                integer("count").token("COUNT").optional())
            .handler(ZSetCommands::zmpop));
    for (boolean max : new boolean[] {false, true}) {
      table.add(
          zsetCommand(max ? "bzpopmax" : "bzpopmin", -3)
              .flags(WRITE, NOSCRIPT, BLOCKING, FAST)
              .keys(1, -2, 1)
              .docs(
                  max
                      ? "Remove and return the member with the highest score from one or more sorted sets, or block until one is available"
                      : "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
                  "5.0.0",
                  "O(log(N)) with N being the number of elements in the sorted set.")
              .history("6.0.0", "`timeout` is interpreted as a double instead of an integer.")
              .keySpecs(KeySpec.index(1).range(-2, 1, 0).flags(RW, ACCESS, DELETE))
              .arguments(key("key", 0).multiple(), doubleValue("timeout"))
              .handler(call -> blockingPop(call, max)));
    }
    table.add(
        zsetCommand("bzmpop", -5)
            .flags(WRITE, BLOCKING, MOVABLE_KEYS)
            .docs(
                "Remove and return members with scores in a sorted set or block until one is available",
                "7.0.0",
                "O(K) + O(M*log(N)) where K is the number of provided keys, N being the "
                    + "number of elements in the sorted set, and M being the number of elements "
                    + "popped.")
            .keySpecs(KeySpec.index(2).keyNum(0, 1, 1).flags(RW, ACCESS, DELETE))
            .arguments(
                doubleValue("timeout"),
                integer("numkeys"),
                key("key", 0).multiple(),
                oneOf("where", pureToken("min", "MIN"), pureToken("max", "MAX")),
                integer("count").token("COUNT").optional())
            .handler(call -> multiPop(call, 2, 1)));
    table.add(
        zsetCommand("zrandmember", -2)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Get one or multiple random elements from a sorted set",
                "6.2.0",
                "O(N) where N is the number of elements returned")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                block("options", integer("count"), pureToken("withscores", "WITHSCORES").optional())
                    .optional())
            .handler(ZSetCommands::zrandmember));
    table.add(
        zsetCommand("zunion", -3)
            .flags(READONLY, MOVABLE_KEYS)
            .docs(
                "Add multiple sorted sets",
                "6.2.0",
                "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted "
                    + "sets, and M being the number of elements in the resulting sorted set.")
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                integer("weight").token("WEIGHTS").optional().multiple(),
                aggregateArgument(),
                pureToken("withscores", "WITHSCORES").optional())
            .handler(ZSetCommands::zunion));
    table.add(
        zsetCommand("zinter", -3)
            .flags(READONLY, MOVABLE_KEYS)
            .docs(
                "Intersect multiple sorted sets",
                "6.2.0",
                "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, "
                    + "K being the number of input sorted sets and M being the number of elements "
                    + "in the resulting sorted set.")
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                integer("weight").token("WEIGHTS").optional().multiple(),
                aggregateArgument(),
                pureToken("withscores", "WITHSCORES").optional())
            .handler(ZSetCommands::zinter));
    table.add(
        zsetCommand("zdiff", -3)
            .flags(READONLY, MOVABLE_KEYS)
            .docs(
                "Subtract multiple sorted sets",
                "6.2.0",
                "O(L + (N-K)log(N)) worst case where L is the total number of elements in "
                    + "all the sets, N is the size of the first set, and K is the size of the "
                    + "result set.")
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                pureToken("withscores", "WITHSCORES").optional())
            .handler(ZSetCommands::zdiff));
    table.add(
        zsetCommand("zunionstore", -4)
            .flags(WRITE, DENYOOM, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .docs(
                "Add multiple sorted sets and store the resulting sorted set in a new key",
                "2.0.0",
                "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted "
                    + "sets, and M being the number of elements in the resulting sorted set.")
            .keySpecs(
                KeySpec.index(1).flags(OW, UPDATE),
                KeySpec.index(2).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                key("destination", 0),
                integer("numkeys"),
                key("key", 1).multiple(),
                integer("weight").token("WEIGHTS").optional().multiple(),
                aggregateArgument())
            .handler(ZSetCommands::zunionstore));
    table.add(
        zsetCommand("zinterstore", -4)
            .flags(WRITE, DENYOOM, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .docs(
                "Intersect multiple sorted sets and store the resulting sorted set in a new "
                    + "key",
                "2.0.0",
                "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, "
                    + "K being the number of input sorted sets and M being the number of elements "
                    + "in the resulting sorted set.")
            .keySpecs(
                KeySpec.index(1).flags(OW, UPDATE),
                KeySpec.index(2).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                key("destination", 0),
                integer("numkeys"),
                key("key", 1).multiple(),
                integer("weight").token("WEIGHTS").optional().multiple(),
                aggregateArgument())
            .handler(ZSetCommands::zinterstore));
    table.add(
        zsetCommand("zdiffstore", -4)
            .flags(WRITE, DENYOOM, MOVABLE_KEYS)
            .keys(1, 1, 1)
            .docs(
                "Subtract multiple sorted sets and store the resulting sorted set in a new "
                    + "key",
                "6.2.0",
                "O(L + (N-K)log(N)) worst case where L is the total number of elements in "
                    + "all the sets, N is the size of the first set, and K is the size of the "
                    + "result set.")
            .keySpecs(
                KeySpec.index(1).flags(OW, UPDATE),
                KeySpec.index(2).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(key("destination", 0), integer("numkeys"), key("key", 1).multiple())
            .handler(ZSetCommands::zdiffstore));
    table.add(
        zsetCommand("zintercard", -3)
            .flags(READONLY, MOVABLE_KEYS)
            .docs(
                "Intersect multiple sorted sets and return the cardinality of the result",
                "7.0.0",
                "O(N*K) worst case with N being the smallest input sorted set, K being the "
                    + "number of input sorted sets.")
            .keySpecs(KeySpec.index(1).keyNum(0, 1, 1).flags(RO, ACCESS))
            .arguments(
                integer("numkeys"),
                key("key", 0).multiple(),
                integer("limit").token("LIMIT").optional())
            .handler(ZSetCommands::zintercard));
    table.add(
        zsetCommand("zscan", -3)
            .flags(READONLY)
            .keys(1, 1, 1)
            .docs(
                "Incrementally iterate sorted sets elements and associated scores",
                "2.8.0",
                "O(1) for every call. O(N) for a complete iteration, including enough "
                    + "command calls for the cursor to return back to 0. N is the number of "
                    + "elements inside the collection..")
            .tips("nondeterministic_output")
            .keySpecs(KeySpec.index(1).flags(RO, ACCESS))
            .arguments(
                key("key", 0),
                integer("cursor"),
                pattern("pattern").token("MATCH").optional(),
                integer("count").token("COUNT").optional())
            .handler(ZSetCommands::zscan));
  }

  private static CommandSpec.Builder zsetCommand(String name, int arity) {
    return CommandSpec.command(name, arity).group(CommandGroup.SORTED_SET);
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups and replies

  /**
   * The sorted set at key for reading (Redis's {@code lookupKeyRead}: expires the key if its TTL
   * passed and counts the hit or miss), null when absent; WRONGTYPE for another type.
   */
  public static SortedSet readSet(Invocation call, byte[] key) {
    Entry entry = call.db().lookupRead(key, call.now());
    if (entry == null) {
      return null;
    }
    Database.checkType(entry, ValueType.ZSET);
    return (SortedSet) entry.value();
  }

  private static SortedSet opened(KeyWrite write) {
    return (SortedSet) write.value();
  }

  /** ZUNION's, ZINTER's and their STORE forms' {@code [AGGREGATE SUM|MIN|MAX]}. */
  private static Argument aggregateArgument() {
    return oneOf(
            "aggregate", pureToken("sum", "SUM"), pureToken("min", "MIN"), pureToken("max", "MAX"))
        .token("AGGREGATE")
        .optional();
  }

  private static Limits limits(Invocation call) {
    EncodingLimits limits = call.engine().encodingLimits();
    return new Limits(limits.zsetMaxListpackEntries(), limits.zsetMaxListpackValue());
  }

  /** Members with their scores, collected in reply order. */
  public static final class Pairs {
    byte[][] members = new byte[8][];
    double[] scores = new double[8];
    int size;

    public int size() {
      return size;
    }

    public byte[] member(int index) {
      return members[index];
    }

    public double score(int index) {
      return scores[index];
    }

    public void add(byte[] member, double score) {
      if (size == members.length) {
        members = Arrays.copyOf(members, size * 2);
        scores = Arrays.copyOf(scores, size * 2);
      }
      members[size] = member;
      scores[size] = score;
      size++;
    }
  }

  /**
   * Members, with their scores when asked: RESP2 one flat array, RESP3 an array of [member, score]
   * pairs (Redis keeps an array, not a map, so that clients keep the order).
   */
  private static void replyPairs(ReplySink reply, Pairs pairs, boolean withScores) {
    boolean nested = withScores && reply.protocol() > 2;
    reply.arrayHeader(withScores && !nested ? pairs.size * 2 : pairs.size);
    for (int i = 0; i < pairs.size; i++) {
      if (nested) {
        reply.arrayHeader(2);
      }
      reply.bulk(pairs.members[i]);
      if (withScores) {
        reply.doubleValue(pairs.scores[i]);
      }
    }
  }

  /**
   * Redis's {@code getPositiveLongFromObjectOrReply}: an integer from 0 up; one error text, by
   * default {@link Errors#MUST_BE_POSITIVE}, for a negative number and for no number at all.
   */
  private static long positiveLong(Invocation call, int index, String error) {
    String text = error == null ? Errors.NOT_POSITIVE : error;
    long value = call.argLong(index, text);
    if (value < 0) {
      throw new CommandException(text);
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // ZADD, ZINCRBY, ZREM

  private static void zadd(Invocation call) {
    addGeneric(call, call.argv(), 0);
  }

  /**
   * Runs ZADD on {@code zaddArgv} (a whole ZADD command line) in place of the call's own arguments,
   * with ZADD's reply, errors and effect, the effect logged as {@code zaddArgv}. GEOADD turns its
   * coordinates into scores and hands over this way, as Redis's {@code geoaddCommand} does.
   */
  public static void zadd(Invocation call, byte[][] zaddArgv) {
    addGeneric(call, zaddArgv, 0);
  }

  private static void zincrby(Invocation call) {
    addGeneric(call, call.argv(), SortedSet.INCR);
  }

  /**
   * ZADD and ZINCRBY, Redis's {@code zaddGenericCommand}, over {@code args}: options, then
   * score-member pairs; every score is parsed before the key is touched, so a bad one changes
   * nothing.
   */
  private static void addGeneric(Invocation call, byte[][] args, int initialOptions) {
    int options = initialOptions;
    boolean changed = false;
    int at = 2;
    while (at < args.length) {
      if (Numbers.equalsIgnoreCase(args[at], "nx")) {
        options |= SortedSet.NX;
      } else if (Numbers.equalsIgnoreCase(args[at], "xx")) {
        options |= SortedSet.XX;
      } else if (Numbers.equalsIgnoreCase(args[at], "ch")) {
        changed = true;
      } else if (Numbers.equalsIgnoreCase(args[at], "incr")) {
        options |= SortedSet.INCR;
      } else if (Numbers.equalsIgnoreCase(args[at], "gt")) {
        options |= SortedSet.GT;
      } else if (Numbers.equalsIgnoreCase(args[at], "lt")) {
        options |= SortedSet.LT;
      } else {
        break;
      }
      at++;
    }
    boolean incr = (options & SortedSet.INCR) != 0;
    boolean nx = (options & SortedSet.NX) != 0;
    boolean xx = (options & SortedSet.XX) != 0;
    boolean gt = (options & SortedSet.GT) != 0;
    boolean lt = (options & SortedSet.LT) != 0;
    int elements = args.length - at;
    if (elements % 2 != 0 || elements == 0) {
      throw new CommandException(Errors.SYNTAX);
    }
    elements /= 2;
    if (nx && xx) {
      throw new CommandException(Errors.ZADD_NX_AND_XX);
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
      throw new CommandException(Errors.ZADD_GT_LT_NX);
    }
    if (incr && elements > 1) {
      throw new CommandException(Errors.ZADD_INCR_PAIRS);
    }
    double[] scores = new double[elements];
    for (int j = 0; j < elements; j++) {
      scores[j] = Scores.parse(args[at + 2 * j]);
      if (Double.isNaN(scores[j])) {
        throw new CommandException(Errors.NOT_FLOAT);
      }
    }

    Database db = call.db();
    byte[] key = args[1];
    int firstMemberLength = args[at + 1].length;
    KeyWrite write =
        xx
            ? db.openForWrite(key, ValueType.ZSET, call.now())
            : db.openOrCreate(
                key,
                ValueType.ZSET,
                () -> SortedSet.forFirstMember(firstMemberLength, limits(call)),
                call.now());
    int added = 0;
    int updated = 0;
    int processed = 0;
    double[] newScore = new double[1];
    if (write != null) {
      SortedSet zset = opened(write);
      Limits limits = zset.isCompact() ? limits(call) : null;
      try {
        for (int j = 0; j < elements; j++) {
          int outcome = zset.add(args[at + 2 * j + 1], scores[j], options, limits, newScore);
          if (outcome == SortedSet.NAN) {
            throw new CommandException(Errors.SCORE_NAN);
          }
          if (outcome == SortedSet.ADDED) {
            added++;
          } else if (outcome == SortedSet.UPDATED) {
            updated++;
          }
          if (outcome != SortedSet.NOTHING) {
            processed++;
          }
        }
      } finally {
        write.done(added + updated > 0);
      }
    }
    if (added + updated > 0) {
      call.dirty(added + updated);
      call.propagate(args);
    }
    if (incr) {
      if (processed > 0) {
        call.reply().doubleValue(newScore[0]);
      } else {
        call.reply().nullBulk();
      }
    } else {
      call.reply().integer(changed ? added + updated : added);
    }
    // After the reply, as Redis: a RESP3 client listening to its own key reads the reply first.
    if (added + updated > 0) {
      call.notify(NotifyClass.ZSET, incr ? "zincr" : "zadd", key);
    }
  }

  private static void zrem(Invocation call) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.ZSET, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    SortedSet zset = opened(write);
    int deleted = 0;
    for (int j = 2; j < call.argc(); j++) {
      if (zset.remove(call.arg(j))) {
        deleted++;
      }
      if (zset.size() == 0) {
        break;
      }
    }
    boolean keyDeleted = write.done(deleted > 0);
    if (deleted > 0) {
      call.notifyChange(NotifyClass.ZSET, "zrem", call.arg(1), keyDeleted);
      call.dirty(deleted);
      call.propagateAsIs();
    }
    call.reply().integer(deleted);
  }

  // ---------------------------------------------------------------------------------------------
  // Reads of one member or a count

  private static void zcard(Invocation call) {
    SortedSet zset = readSet(call, call.arg(1));
    call.reply().integer(zset == null ? 0 : zset.size());
  }

  private static void zscore(Invocation call) {
    SortedSet zset = readSet(call, call.arg(1));
    double score = zset == null ? Double.NaN : zset.score(call.arg(2));
    if (Double.isNaN(score)) {
      call.reply().nullBulk();
    } else {
      call.reply().doubleValue(score);
    }
  }

  private static void zmscore(Invocation call) {
    SortedSet zset = readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    reply.arrayHeader(call.argc() - 2);
    for (int j = 2; j < call.argc(); j++) {
      double score = zset == null ? Double.NaN : zset.score(call.arg(j));
      if (Double.isNaN(score)) {
        reply.nullBulk();
      } else {
        reply.doubleValue(score);
      }
    }
  }

  private static void zrank(Invocation call) {
    rankGeneric(call, false);
  }

  private static void zrevrank(Invocation call) {
    rankGeneric(call, true);
  }

  private static void rankGeneric(Invocation call, boolean reverse) {
    SortedSet zset = readSet(call, call.arg(1));
    int rank = zset == null ? -1 : zset.store().rank(call.arg(2));
    if (rank < 0) {
      call.reply().nullBulk();
    } else {
      call.reply().integer(reverse ? zset.size() - 1 - rank : rank);
    }
  }

  private static void zcount(Invocation call) {
    ScoreRange range = ScoreRange.parse(call.arg(2), call.arg(3));
    if (range == null) {
      throw new CommandException(Errors.MIN_MAX_NOT_FLOAT);
    }
    SortedSet zset = readSet(call, call.arg(1));
    long count = 0;
    if (zset != null) {
      ZStore.Cursor first = zset.store().firstInRange(range);
      if (first != null) {
        count = zset.store().lastInRange(range).rank() - first.rank() + 1L;
      }
    }
    call.reply().integer(count);
  }

  private static void zlexcount(Invocation call) {
    LexRange range = LexRange.parse(call.arg(2), call.arg(3));
    if (range == null) {
      throw new CommandException(Errors.MIN_MAX_NOT_LEX);
    }
    SortedSet zset = readSet(call, call.arg(1));
    call.reply().integer(zset == null ? 0 : zset.store().lexCount(range));
  }

  // ---------------------------------------------------------------------------------------------
  // ZRANGE and its relatives

  private enum RangeBy {
    AUTO,
    RANK,
    SCORE,
    LEX
  }

  private enum Direction {
    AUTO,
    FORWARD,
    REVERSE
  }

  private static void zrange(Invocation call) {
    rangeGeneric(call, 1, false, RangeBy.AUTO, Direction.AUTO);
  }

  private static void zrangestore(Invocation call) {
    rangeGeneric(call, 2, true, RangeBy.AUTO, Direction.AUTO);
  }

  private static void zrevrange(Invocation call) {
    rangeGeneric(call, 1, false, RangeBy.RANK, Direction.REVERSE);
  }

  private static void zrangebyscore(Invocation call) {
    rangeGeneric(call, 1, false, RangeBy.SCORE, Direction.FORWARD);
  }

  private static void zrevrangebyscore(Invocation call) {
    rangeGeneric(call, 1, false, RangeBy.SCORE, Direction.REVERSE);
  }

  private static void zrangebylex(Invocation call) {
    rangeGeneric(call, 1, false, RangeBy.LEX, Direction.FORWARD);
  }

  private static void zrevrangebylex(Invocation call) {
    rangeGeneric(call, 1, false, RangeBy.LEX, Direction.REVERSE);
  }

  /**
   * Redis's {@code zrangeGenericCommand}: {@code <src> <min> <max>} from {@code keyIndex}, then the
   * options the command allows, checked in Redis's order (syntax, LIMIT without BYSCORE or BYLEX,
   * WITHSCORES with BYLEX, the range itself, then the key).
   */
  private static void rangeGeneric(
      Invocation call, int keyIndex, boolean store, RangeBy by, Direction direction) {
    boolean withScores = false;
    long offset = 0;
    long limit = -1;
    for (int j = keyIndex + 3; j < call.argc(); j++) {
      int left = call.argc() - j - 1;
      if (!store && call.argIs(j, "withscores")) {
        withScores = true;
      } else if (call.argIs(j, "limit") && left >= 2) {
        offset = call.argLong(j + 1);
        limit = call.argLong(j + 2);
        j += 2;
      } else if (direction == Direction.AUTO && call.argIs(j, "rev")) {
        direction = Direction.REVERSE;
      } else if (by == RangeBy.AUTO && call.argIs(j, "bylex")) {
        by = RangeBy.LEX;
      } else if (by == RangeBy.AUTO && call.argIs(j, "byscore")) {
        by = RangeBy.SCORE;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    if (direction == Direction.AUTO) {
      direction = Direction.FORWARD;
    }
    if (by == RangeBy.AUTO) {
      by = RangeBy.RANK;
    }
    if (limit != -1 && by == RangeBy.RANK) {
      throw new CommandException(Errors.LIMIT_WITHOUT_BYSCORE_OR_BYLEX);
    }
    if (withScores && by == RangeBy.LEX) {
      throw new CommandException(Errors.WITHSCORES_WITH_BYLEX);
    }
    boolean reverse = direction == Direction.REVERSE;
    int minIndex = keyIndex + 1;
    int maxIndex = keyIndex + 2;
    if (reverse && by != RangeBy.RANK) {
      minIndex = keyIndex + 2;
      maxIndex = keyIndex + 1;
    }
    long start = 0;
    long end = 0;
    ScoreRange scoreRange = null;
    LexRange lexRange = null;
    switch (by) {
      case SCORE -> {
        scoreRange = ScoreRange.parse(call.arg(minIndex), call.arg(maxIndex));
        if (scoreRange == null) {
          throw new CommandException(Errors.MIN_MAX_NOT_FLOAT);
        }
      }
      case LEX -> {
        lexRange = LexRange.parse(call.arg(minIndex), call.arg(maxIndex));
        if (lexRange == null) {
          throw new CommandException(Errors.MIN_MAX_NOT_LEX);
        }
      }
      default -> {
        start = call.argLong(minIndex);
        end = call.argLong(maxIndex);
      }
    }

    byte[] destination = store ? call.arg(1) : null;
    SortedSet zset = readSet(call, call.arg(keyIndex));
    if (zset == null) {
      if (store) {
        storeRange(call, destination, null, -1);
      } else {
        call.reply().arrayHeader(0);
      }
      return;
    }
    Pairs pairs = new Pairs();
    long knownLength = -1;
    switch (by) {
      case SCORE -> byScore(zset.store(), scoreRange, offset, limit, reverse, pairs);
      case LEX -> byLex(zset.store(), lexRange, offset, limit, reverse, pairs);
      default -> knownLength = byRank(zset.store(), start, end, reverse, pairs);
    }
    if (store) {
      storeRange(call, destination, pairs, knownLength);
    } else {
      replyPairs(call.reply(), pairs, withScores);
    }
  }

  /** Ranks from {@code start} to {@code end}; returns how many there are, as Redis sizes them. */
  private static long byRank(ZStore store, long start, long end, boolean reverse, Pairs out) {
    long length = store.size();
    if (start < 0) {
      start = length + start;
    }
    if (end < 0) {
      end = length + end;
    }
    if (start < 0) {
      start = 0;
    }
    if (start > end || start >= length) {
      return 0;
    }
    if (end >= length) {
      end = length - 1;
    }
    int count = (int) (end - start + 1);
    ZStore.Cursor cursor = store.at(reverse ? (int) (length - 1 - start) : (int) start);
    for (int i = 0; i < count; i++) {
      out.add(cursor.member(), cursor.score());
      if (reverse) {
        cursor.previous();
      } else {
        cursor.next();
      }
    }
    return count;
  }

  /**
   * Redis's {@code genericZrangebyscoreCommand}: from the first (or last) element in range, skip
   * {@code offset}, then up to {@code limit} (negative: no limit) while in range. A negative
   * offset, or one past the end, selects nothing.
   */
  private static void byScore(
      ZStore store, ScoreRange range, long offset, long limit, boolean reverse, Pairs out) {
    if (offset > 0 && offset >= store.size()) {
      return;
    }
    ZStore.Cursor cursor = reverse ? store.lastInRange(range) : store.firstInRange(range);
    if (cursor == null) {
      return;
    }
    skip(cursor, offset, reverse);
    while (cursor.valid() && limit-- != 0) {
      double score = cursor.score();
      if (reverse ? !range.aboveMin(score) : !range.belowMax(score)) {
        break;
      }
      out.add(cursor.member(), score);
      step(cursor, reverse);
    }
  }

  /** As {@link #byScore}, by member (Redis's {@code genericZrangebylexCommand}). */
  private static void byLex(
      ZStore store, LexRange range, long offset, long limit, boolean reverse, Pairs out) {
    ZStore.Cursor cursor = reverse ? store.lastInLex(range) : store.firstInLex(range);
    if (cursor == null) {
      return;
    }
    skip(cursor, offset, reverse);
    while (cursor.valid() && limit-- != 0) {
      byte[] member = cursor.member();
      if (reverse ? !range.aboveMin(member) : !range.belowMax(member)) {
        break;
      }
      out.add(member, cursor.score());
      step(cursor, reverse);
    }
  }

  /** Redis's {@code while (ln && offset--)}: a negative offset runs off the end. */
  private static void skip(ZStore.Cursor cursor, long offset, boolean reverse) {
    while (cursor.valid() && offset-- != 0) {
      step(cursor, reverse);
    }
  }

  private static void step(ZStore.Cursor cursor, boolean reverse) {
    if (reverse) {
      cursor.previous();
    } else {
      cursor.next();
    }
  }

  /**
   * ZRANGESTORE's result: a new sorted set at {@code destination} (created compact unless the known
   * length is already past the limit, then added to as ZADD would), or, when empty, the destination
   * deleted.
   */
  private static void storeRange(
      Invocation call, byte[] destination, Pairs pairs, long knownLength) {
    Database db = call.db();
    if (pairs == null || pairs.size == 0) {
      call.reply().integer(0);
      if (db.delete(destination, call.now())) {
        call.notify(NotifyClass.GENERIC, "del", destination);
        call.dirty(1);
        call.propagateAsIs();
      }
      return;
    }
    Limits limits = limits(call);
    SortedSet result =
        new SortedSet(knownLength > limits.maxEntries() ? new RankTree() : new Listpack());
    for (int i = 0; i < pairs.size; i++) {
      result.insertAbsent(pairs.members[i], pairs.scores[i], limits);
    }
    db.put(destination, result, false, call.now());
    call.notify(NotifyClass.ZSET, "zrangestore", destination);
    call.dirty(1);
    call.propagateAsIs();
    call.reply().integer(pairs.size);
  }

  /**
   * Puts at {@code destination} a new sorted set of {@code pairs} (distinct members, at least one),
   * replacing what the key held and its TTL, in the encoding Redis gives a result it builds whole:
   * compact when it fits the listpack limits ({@code zsetConvertToListpackIfNeeded}). For
   * GEOSEARCHSTORE and GEORADIUS's STORE; the caller answers, counts the change and logs it.
   */
  public static void storeNew(Invocation call, byte[] destination, Pairs pairs) {
    RankTree built = new RankTree();
    long longest = 0;
    for (int i = 0; i < pairs.size; i++) {
      built.insert(pairs.members[i], pairs.scores[i]);
      longest = Math.max(longest, pairs.members[i].length);
    }
    call.db().put(destination, SortedSet.ofResult(built, longest, limits(call)), false, call.now());
  }

  // ---------------------------------------------------------------------------------------------
  // Removing ranges

  private static void zremrangebyrank(Invocation call) {
    long start = call.argLong(2);
    long end = call.argLong(3);
    removeRange(
        call,
        store -> {
          long length = store.size();
          long from = start < 0 ? length + start : start;
          long to = end < 0 ? length + end : end;
          if (from < 0) {
            from = 0;
          }
          if (from > to || from >= length) {
            return 0;
          }
          if (to >= length) {
            to = length - 1;
          }
          int count = (int) (to - from + 1);
          store.deleteRange((int) from, count);
          return count;
        });
  }

  private static void zremrangebyscore(Invocation call) {
    ScoreRange range = ScoreRange.parse(call.arg(2), call.arg(3));
    if (range == null) {
      throw new CommandException(Errors.MIN_MAX_NOT_FLOAT);
    }
    removeRange(
        call,
        store -> {
          ZStore.Cursor cursor = store.firstInRange(range);
          if (cursor == null) {
            return 0;
          }
          int from = cursor.rank();
          int count = 0;
          while (cursor.valid() && range.belowMax(cursor.score())) {
            count++;
            cursor.next();
          }
          store.deleteRange(from, count);
          return count;
        });
  }

  private static void zremrangebylex(Invocation call) {
    LexRange range = LexRange.parse(call.arg(2), call.arg(3));
    if (range == null) {
      throw new CommandException(Errors.MIN_MAX_NOT_LEX);
    }
    removeRange(
        call,
        store -> {
          ZStore.Cursor cursor = store.firstInLex(range);
          if (cursor == null) {
            return 0;
          }
          int from = cursor.rank();
          int count = 0;
          while (cursor.valid() && range.belowMax(cursor.member())) {
            count++;
            cursor.next();
          }
          store.deleteRange(from, count);
          return count;
        });
  }

  private interface RangeRemoval {
    int removeFrom(ZStore store);
  }

  private static void removeRange(Invocation call, RangeRemoval removal) {
    KeyWrite write = call.db().openForWrite(call.arg(1), ValueType.ZSET, call.now());
    if (write == null) {
      call.reply().integer(0);
      return;
    }
    int deleted = 0;
    boolean keyDeleted;
    try {
      deleted = removal.removeFrom(opened(write).store());
    } finally {
      keyDeleted = write.done(deleted > 0);
    }
    if (deleted > 0) {
      // The command's own name is the event: zremrangebyrank, zremrangebyscore, zremrangebylex.
      call.notifyChange(NotifyClass.ZSET, call.spec().fullName(), call.arg(1), keyDeleted);
      call.dirty(deleted);
      call.propagateAsIs();
    }
    call.reply().integer(deleted);
  }

  // ---------------------------------------------------------------------------------------------
  // Popping: ZPOPMIN, ZPOPMAX, ZMPOP, and the operation BZPOPMIN and friends build on

  /**
   * What a pop took from one key, lowest (or highest) first.
   *
   * @param key the key popped from
   * @param max whether from the high end (ZPOPMAX)
   * @param pairs the members and scores, in the order they were popped
   * @param keyDeleted whether the pop emptied, and so deleted, the key
   */
  public record Popped(byte[] key, boolean max, Pairs pairs, boolean keyDeleted) {
    public int count() {
      return pairs.size;
    }

    /** The effect to log: {@code ZPOPMIN key n} (or ZPOPMAX), n the number popped. */
    public byte[][] effect() {
      return new byte[][] {max ? ZPOPMAX : ZPOPMIN, key, Numbers.toBytes(pairs.size)};
    }
  }

  /** How a pop is answered. */
  public enum PopReply {
    /** ZPOPMIN without a count, or in RESP2: member, score, member, score... */
    FLAT,
    /** ZPOPMIN with a count in RESP3: [[member, score], ...]. */
    NESTED,
    /** BZPOPMIN: key, member, score. */
    KEY_FLAT,
    /** ZMPOP and BZMPOP: [key, [[member, score], ...]]. */
    KEY_NESTED
  }

  /**
   * The one pop operation (Redis's {@code genericZpopCommand} without its reply): removes up to
   * {@code count} (at least 1) members from the low or high end of the sorted set at {@code key},
   * deleting the key when that empties it, and counts them as changes. Returns null when the key is
   * absent; throws WRONGTYPE for another type. The caller logs {@link Popped#effect()} and replies
   * with {@link #replyPopped}. Blocking variants call this when a key they wait on fills.
   */
  public static Popped pop(Invocation call, byte[] key, boolean max, long count) {
    KeyWrite write = call.db().openForWrite(key, ValueType.ZSET, call.now());
    if (write == null) {
      return null;
    }
    Pairs pairs = new Pairs();
    boolean deleted;
    try {
      ZStore store = opened(write).store();
      int taken = (int) Math.min(count, store.size());
      int from = max ? store.size() - taken : 0;
      ZStore.Cursor cursor = store.at(max ? store.size() - 1 : 0);
      for (int i = 0; i < taken; i++) {
        pairs.add(cursor.member(), cursor.score());
        step(cursor, max);
      }
      store.deleteRange(from, taken);
    } finally {
      deleted = write.done();
    }
    call.notifyChange(NotifyClass.ZSET, max ? "zpopmax" : "zpopmin", key, deleted);
    call.dirty(pairs.size);
    return new Popped(key, max, pairs, deleted);
  }

  /** Writes a pop's reply in the shape its command uses. */
  public static void replyPopped(ReplySink reply, Popped popped, PopReply shape) {
    Pairs pairs = popped.pairs();
    switch (shape) {
      case FLAT -> {
        reply.arrayHeader(pairs.size * 2);
        flatPairs(reply, pairs);
      }
      case KEY_FLAT -> {
        reply.arrayHeader(pairs.size * 2 + 1);
        reply.bulk(popped.key());
        flatPairs(reply, pairs);
      }
      case NESTED -> nestedPairs(reply, pairs);
      case KEY_NESTED -> {
        reply.arrayHeader(2);
        reply.bulk(popped.key());
        nestedPairs(reply, pairs);
      }
    }
  }

  private static void flatPairs(ReplySink reply, Pairs pairs) {
    for (int i = 0; i < pairs.size; i++) {
      reply.bulk(pairs.members[i]);
      reply.doubleValue(pairs.scores[i]);
    }
  }

  private static void nestedPairs(ReplySink reply, Pairs pairs) {
    reply.arrayHeader(pairs.size);
    for (int i = 0; i < pairs.size; i++) {
      reply.arrayHeader(2);
      reply.bulk(pairs.members[i]);
      reply.doubleValue(pairs.scores[i]);
    }
  }

  private static void zpopmin(Invocation call) {
    popMinMax(call, false);
  }

  private static void zpopmax(Invocation call) {
    popMinMax(call, true);
  }

  private static void popMinMax(Invocation call, boolean max) {
    if (call.argc() > 3) {
      throw new CommandException(Errors.SYNTAX);
    }
    long count = call.argc() == 3 ? positiveLong(call, 2, null) : -1;
    byte[] key = call.arg(1);
    Database db = call.db();
    Entry entry = db.lookupWrite(key, call.now());
    if (entry == null) {
      call.reply().arrayHeader(0);
      return;
    }
    Database.checkType(entry, ValueType.ZSET);
    if (count == 0) {
      call.reply().arrayHeader(0);
      return;
    }
    Popped popped = pop(call, key, max, count == -1 ? 1 : count);
    call.propagate(popped.effect());
    boolean nested = call.reply().protocol() > 2 && count != -1;
    replyPopped(call.reply(), popped, nested ? PopReply.NESTED : PopReply.FLAT);
  }

  /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: pops from the first non-empty key. */
  private static void zmpop(Invocation call) {
    multiPop(call, 1, -1);
  }

  /**
   * ZMPOP and BZMPOP: {@code numkeys} at argument {@code numKeysIndex}, the keys, MIN or MAX and an
   * optional COUNT; for BZMPOP the timeout at {@code timeoutIndex} (-1 for ZMPOP), read after the
   * rest, as Redis reads it.
   */
  private static void multiPop(Invocation call, int numKeysIndex, int timeoutIndex) {
    MultiPopArguments args = MultiPopArguments.parse(call, numKeysIndex, "min", "max");
    boolean max = args.second();
    long count = args.count();
    long deadline = timeoutIndex < 0 ? -1 : BlockingTimeout.parse(call, timeoutIndex);
    Database db = call.db();
    for (byte[] key : args.keys()) {
      Entry entry = db.lookupWrite(key, call.now());
      if (entry == null) {
        continue;
      }
      Database.checkType(entry, ValueType.ZSET);
      Popped popped = pop(call, key, max, count);
      call.propagate(popped.effect());
      replyPopped(call.reply(), popped, PopReply.KEY_NESTED);
      return;
    }
    if (deadline >= 0) {
      call.block(args.keys(), deadline, ValueType.ZSET);
    } else {
      call.reply().nullArray();
    }
  }

  /** BZPOPMIN and BZPOPMAX: the first non-empty sorted set of the keys, in order, or wait. */
  private static void blockingPop(Invocation call, boolean max) {
    long deadline = BlockingTimeout.parse(call, call.argc() - 1);
    for (int i = 1; i < call.argc() - 1; i++) {
      Popped popped = pop(call, call.arg(i), max, 1);
      if (popped != null) {
        call.propagate(popped.effect());
        replyPopped(call.reply(), popped, PopReply.KEY_FLAT);
        return;
      }
    }
    call.block(Arrays.copyOfRange(call.argv(), 1, call.argc() - 1), deadline, ValueType.ZSET);
  }

  // ---------------------------------------------------------------------------------------------
  // ZRANDMEMBER

  /** Below this many times the count, the unique sample is drawn by elimination (Redis's 3). */
  private static final int SUBTRACT_STRATEGY_FACTOR = 3;

  private static void zrandmember(Invocation call) {
    if (call.argc() >= 3) {
      long count = call.argLong(2);
      if (count < -Long.MAX_VALUE) {
        throw new CommandException(Errors.valueOutOfRange(-Long.MAX_VALUE, Long.MAX_VALUE));
      }
      boolean withScores = false;
      if (call.argc() > 4 || (call.argc() == 4 && !call.argIs(3, "withscores"))) {
        throw new CommandException(Errors.SYNTAX);
      } else if (call.argc() == 4) {
        withScores = true;
        if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
          throw new CommandException(Errors.VALUE_OUT_OF_RANGE);
        }
      }
      randomMembers(call, count, withScores);
      return;
    }
    SortedSet zset = readSet(call, call.arg(1));
    if (zset == null) {
      call.reply().nullBulk();
      return;
    }
    call.reply().bulk(randomElement(zset.store(), call.engine().random()).member());
  }

  /** One element chosen uniformly (near enough, for the tree's member table, as in Redis). */
  private static ZStore.Cursor randomElement(ZStore store, SplittableRandom random) {
    if (store instanceof RankTree big) {
      RankTree.Member node = big.random(random);
      return new SingleCursor(node.key(), node.score);
    }
    return store.at(random.nextInt(store.size()));
  }

  /** A cursor that only holds one element: the random picks need no walk. */
  private static final class SingleCursor extends ZStore.Cursor {
    private final byte[] member;
    private final double score;

    SingleCursor(byte[] member, double score) {
      this.member = member;
      this.score = score;
    }

    @Override
    boolean valid() {
      return true;
    }

    @Override
    byte[] member() {
      return member;
    }

    @Override
    double score() {
      return score;
    }

    @Override
    int rank() {
      return -1;
    }

    @Override
    void next() {
      throw new UnsupportedOperationException();
    }

    @Override
    void previous() {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * Redis's {@code zrandmemberWithCountCommand}: a negative count repeats members (any order); a
   * positive one gives distinct members, the whole set (highest first) when it asks for as many or
   * more.
   */
  private static void randomMembers(Invocation call, long requested, boolean withScores) {
    SortedSet zset = readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    if (zset == null || requested == 0) {
      reply.arrayHeader(0);
      return;
    }
    ZStore store = zset.store();
    SplittableRandom random = call.engine().random();
    int size = store.size();
    Pairs pairs = new Pairs();
    if (requested < 0 || requested == 1) {
      long count = requested < 0 ? -requested : 1;
      if (count > Integer.MAX_VALUE - 8) {
        throw new CommandException(Errors.VALUE_OUT_OF_RANGE);
      }
      for (long i = 0; i < count; i++) {
        ZStore.Cursor pick = randomElement(store, random);
        pairs.add(pick.member(), pick.score());
      }
    } else if (requested >= size) {
      // The whole set, highest first: Redis walks sorted sets from the top here (zuiNext).
      for (ZStore.Cursor cursor = store.at(size - 1); cursor.valid(); cursor.previous()) {
        pairs.add(cursor.member(), cursor.score());
      }
    } else if (requested * SUBTRACT_STRATEGY_FACTOR > size || store instanceof Listpack) {
      // A random selection of distinct ranks: the first `requested` of a partial shuffle.
      int count = (int) requested;
      int[] ranks = new int[size];
      for (int i = 0; i < size; i++) {
        ranks[i] = i;
      }
      for (int i = 0; i < count; i++) {
        int j = i + random.nextInt(size - i);
        int swap = ranks[i];
        ranks[i] = ranks[j];
        ranks[j] = swap;
      }
      if (store instanceof Listpack compact) {
        for (int i = 0; i < count; i++) {
          pairs.add(compact.memberAt(ranks[i]), compact.scoreAt(ranks[i]));
        }
      } else {
        Arrays.sort(ranks, 0, count);
        ZStore.Cursor cursor = store.at(0);
        for (int i = 0; i < count; i++) {
          while (cursor.rank() < ranks[i]) {
            cursor.next();
          }
          pairs.add(cursor.member(), cursor.score());
        }
      }
    } else {
      // A big set and a small sample: random picks, repeats thrown back.
      RankTree big = (RankTree) store;
      Map<RankTree.Member, Boolean> chosen = new IdentityHashMap<>();
      while (pairs.size < requested) {
        RankTree.Member node = big.random(random);
        if (chosen.put(node, Boolean.TRUE) == null) {
          pairs.add(node.key(), node.score);
        }
      }
    }
    replyPairs(reply, pairs, withScores);
  }

  // ---------------------------------------------------------------------------------------------
  // ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD

  private enum SetOp {
    UNION,
    INTER,
    DIFF
  }

  private enum Aggregate {
    SUM,
    MIN,
    MAX
  }

  private static void zunion(Invocation call) {
    setOperation(call, false, SetOp.UNION, false);
  }

  private static void zinter(Invocation call) {
    setOperation(call, false, SetOp.INTER, false);
  }

  private static void zdiff(Invocation call) {
    setOperation(call, false, SetOp.DIFF, false);
  }

  private static void zunionstore(Invocation call) {
    setOperation(call, true, SetOp.UNION, false);
  }

  private static void zinterstore(Invocation call) {
    setOperation(call, true, SetOp.INTER, false);
  }

  private static void zdiffstore(Invocation call) {
    setOperation(call, true, SetOp.DIFF, false);
  }

  private static void zintercard(Invocation call) {
    setOperation(call, false, SetOp.INTER, true);
  }

  /** An input of a set operation: a sorted set, a set (every score 1), or nothing. */
  private static final class Source {
    final SortedSet zset;
    final MemberView set;
    double weight = 1;

    Source(SortedSet zset, MemberView set) {
      this.zset = zset;
      this.set = set;
    }

    int size() {
      return zset != null ? zset.size() : set != null ? set.size() : 0;
    }

    /** The member's score in this input, or NaN when absent. */
    double find(byte[] member) {
      if (zset != null) {
        return zset.score(member);
      }
      return set != null && set.containsMember(member) ? 1.0 : Double.NaN;
    }

    /** Every element in the input's own order. */
    void forEach(ElementVisitor visitor) {
      if (zset != null) {
        if (zset.size() == 0) {
          return;
        }
        for (ZStore.Cursor c = zset.store().at(0); c.valid(); c.next()) {
          visitor.visit(c.member(), c.score());
        }
      } else if (set != null) {
        set.forEachMember(member -> visitor.visit(member, 1.0));
      }
    }

    boolean sameInput(Source other) {
      return (zset != null && zset == other.zset) || (set != null && set == other.set);
    }
  }

  private interface ElementVisitor {
    void visit(byte[] member, double score);
  }

  /** The union's accumulator: a member and its score so far. */
  private static final class Accumulated extends HashNode {
    double score;

    Accumulated(byte[] member, int hash, double score) {
      super(member, hash);
      this.score = score;
    }
  }

  /**
   * Redis's {@code zunionInterDiffGenericCommand}: the key count, the keys (looked up, and their
   * types checked, before the options are read), then WEIGHTS, AGGREGATE, WITHSCORES or LIMIT as
   * the command allows.
   */
  private static void setOperation(Invocation call, boolean store, SetOp op, boolean cardinality) {
    int numKeysIndex = store ? 2 : 1;
    long setCount = call.argLong(numKeysIndex);
    if (setCount < 1) {
      throw new CommandException(Errors.atLeastOneInputKey(call.spec().fullName()));
    }
    if (setCount > call.argc() - (numKeysIndex + 1)) {
      throw new CommandException(Errors.SYNTAX);
    }
    int sets = (int) setCount;
    Source[] sources = new Source[sets];
    int j = numKeysIndex + 1;
    for (int i = 0; i < sets; i++, j++) {
      Entry entry = call.db().lookupRead(call.arg(j), call.now());
      if (entry == null) {
        sources[i] = new Source(null, null);
        continue;
      }
      ValueType type = Values.type(entry.value());
      if (type == ValueType.ZSET) {
        sources[i] = new Source((SortedSet) entry.value(), null);
      } else if (type == ValueType.SET) {
        if (!(entry.value() instanceof MemberView members)) {
          throw new IllegalStateException("a set that does not offer its members as a MemberView");
        }
        sources[i] = new Source(null, members);
      } else {
        throw new CommandException(Errors.WRONGTYPE);
      }
    }

    Aggregate aggregate = Aggregate.SUM;
    boolean withScores = false;
    long limit = 0;
    int remaining = call.argc() - j;
    while (remaining > 0) {
      if (op != SetOp.DIFF && !cardinality && remaining >= sets + 1 && call.argIs(j, "weights")) {
        j++;
        remaining--;
        for (int i = 0; i < sets; i++, j++, remaining--) {
          double weight = Scores.parse(call.arg(j));
          if (Double.isNaN(weight)) {
            throw new CommandException(Errors.WEIGHT_NOT_FLOAT);
          }
          sources[i].weight = weight;
        }
      } else if (op != SetOp.DIFF && !cardinality && remaining >= 2 && call.argIs(j, "aggregate")) {
        j++;
        remaining--;
        if (call.argIs(j, "sum")) {
          aggregate = Aggregate.SUM;
        } else if (call.argIs(j, "min")) {
          aggregate = Aggregate.MIN;
        } else if (call.argIs(j, "max")) {
          aggregate = Aggregate.MAX;
        } else {
          throw new CommandException(Errors.SYNTAX);
        }
        j++;
        remaining--;
      } else if (remaining >= 1 && !store && !cardinality && call.argIs(j, "withscores")) {
        j++;
        remaining--;
        withScores = true;
      } else if (cardinality && remaining >= 2 && call.argIs(j, "limit")) {
        j++;
        remaining--;
        limit = positiveLong(call, j, Errors.LIMIT_NEGATIVE);
        j++;
        remaining--;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }

    if (op != SetOp.DIFF) {
      // Smallest first, as Redis sorts them (a stable sort, as glibc's qsort is for few inputs).
      Arrays.sort(sources, Comparator.comparingInt(Source::size));
    }
    RankTree result = new RankTree();
    long[] longest = new long[1];
    long count = 0;
    switch (op) {
      case INTER -> count = intersect(sources, aggregate, cardinality, limit, result, longest);
      case UNION -> union(sources, aggregate, result, longest);
      case DIFF -> difference(sources, result, longest);
    }

    if (cardinality) {
      call.reply().integer(count);
      return;
    }
    if (!store) {
      Pairs pairs = new Pairs();
      for (ZStore.Cursor x = result.at(0); x.valid(); x.next()) {
        pairs.add(x.member(), x.score());
      }
      replyPairs(call.reply(), pairs, withScores);
      return;
    }
    Database db = call.db();
    byte[] destination = call.arg(1);
    if (result.size() > 0) {
      SortedSet stored = SortedSet.ofResult(result, longest[0], limits(call));
      db.put(destination, stored, false, call.now());
      call.notify(NotifyClass.ZSET, storeEvent(op), destination);
      call.dirty(1);
      call.propagateAsIs();
      call.reply().integer(stored.size());
    } else {
      call.reply().integer(0);
      if (db.delete(destination, call.now())) {
        call.notify(NotifyClass.GENERIC, "del", destination);
        call.dirty(1);
        call.propagateAsIs();
      }
    }
  }

  /** The keyspace event of a set operation's STORE form. */
  private static String storeEvent(SetOp op) {
    return switch (op) {
      case UNION -> "zunionstore";
      case INTER -> "zinterstore";
      case DIFF -> "zdiffstore";
    };
  }

  /** Redis's {@code zunionInterAggregate}: a sum of +inf and -inf counts as 0. */
  private static double aggregate(double target, double value, Aggregate aggregate) {
    return switch (aggregate) {
      case SUM -> {
        double sum = target + value;
        yield Double.isNaN(sum) ? 0.0 : sum;
      }
      case MIN -> value < target ? value : target;
      case MAX -> value > target ? value : target;
    };
  }

  private static long intersect(
      Source[] sources,
      Aggregate aggregate,
      boolean cardinalityOnly,
      long limit,
      RankTree result,
      long[] longest) {
    long[] cardinality = new long[1];
    if (sources[0].size() == 0) {
      return 0;
    }
    Source first = sources[0];
    // An exception ends the walk early once LIMIT is reached.
    try {
      first.forEach(
          (member, score) -> {
            double total = first.weight * score;
            if (Double.isNaN(total)) {
              total = 0;
            }
            for (int j = 1; j < sources.length; j++) {
              double value;
              if (sources[j].sameInput(first)) {
                value = score * sources[j].weight;
              } else {
                value = sources[j].find(member);
                if (Double.isNaN(value)) {
                  return;
                }
                value *= sources[j].weight;
              }
              total = aggregate(total, value, aggregate);
            }
            if (cardinalityOnly) {
              cardinality[0]++;
              if (limit > 0 && cardinality[0] >= limit) {
                throw LimitReached.INSTANCE;
              }
            } else {
              result.insert(member, total);
              longest[0] = Math.max(longest[0], member.length);
            }
          });
    } catch (LimitReached reached) {
      // ZINTERCARD's LIMIT
    }
    return cardinality[0];
  }

  /** Stops a walk: ZINTERCARD has counted up to its LIMIT. */
  private static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final LimitReached INSTANCE = new LimitReached();

    private LimitReached() {
      super(null, null, false, false);
    }
  }

  private static void union(
      Source[] sources, Aggregate aggregate, RankTree result, long[] longest) {
    BytesTable<Accumulated> accumulator = new BytesTable<>(ThreadLocalRandom.current().nextInt());
    List<Accumulated> order = new ArrayList<>();
    for (Source source : sources) {
      if (source.size() == 0) {
        continue;
      }
      source.forEach(
          (member, score) -> {
            double value = source.weight * score;
            if (Double.isNaN(value)) {
              value = 0;
            }
            Accumulated existing = accumulator.get(member);
            if (existing == null) {
              Accumulated added = new Accumulated(member, accumulator.hashOf(member), value);
              accumulator.insert(added);
              order.add(added);
              longest[0] = Math.max(longest[0], member.length);
            } else {
              existing.score = aggregate(existing.score, value, aggregate);
            }
          });
    }
    for (Accumulated element : order) {
      result.insert(element.key(), element.score);
    }
  }

  /** The first input's members that no other input has, with the first input's scores. */
  private static void difference(Source[] sources, RankTree result, long[] longest) {
    Source first = sources[0];
    if (first.size() == 0) {
      return;
    }
    first.forEach(
        (member, score) -> {
          for (int j = 1; j < sources.length; j++) {
            if (sources[j].size() > 0 && !Double.isNaN(sources[j].find(member))) {
              return;
            }
          }
          result.insert(member, score);
          longest[0] = Math.max(longest[0], member.length);
        });
  }

  // ---------------------------------------------------------------------------------------------
  // ZSCAN

  /**
   * ZSCAN key cursor [MATCH pattern] [COUNT count]: the compact encoding answers everything at once
   * with cursor 0, as Redis does; the tree walks its member table with the resize-safe cursor.
   * Scores are sent as Redis prints them there, {@code %.17g}.
   */
  private static void zscan(Invocation call) {
    long cursor = ScanArguments.parseCursor(call.arg(2));
    SortedSet zset = readSet(call, call.arg(1));
    ReplySink reply = call.reply();
    if (zset == null) {
      reply.arrayHeader(2);
      reply.bulk("0");
      reply.arrayHeader(0);
      return;
    }
    ScanArguments options = ScanArguments.parse(call, 3, false);
    List<byte[]> members = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    if (zset.store() instanceof RankTree big) {
      long count = options.count();
      long maxSteps = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
      do {
        cursor =
            big.scan(
                cursor,
                node -> {
                  members.add(node.key());
                  scores.add(node.score);
                });
      } while (cursor != 0 && maxSteps-- != 0 && members.size() < count);
    } else {
      for (ZStore.Cursor c = zset.store().at(0); c.valid(); c.next()) {
        members.add(c.member());
        scores.add(c.score());
      }
      cursor = 0;
    }
    int kept = 0;
    for (int i = 0; i < members.size(); i++) {
      if (options.matches(members.get(i))) {
        members.set(kept, members.get(i));
        scores.set(kept, scores.get(i));
        kept++;
      }
    }
    reply.arrayHeader(2);
    reply.bulk(Long.toUnsignedString(cursor));
    reply.arrayHeader(kept * 2);
    for (int i = 0; i < kept; i++) {
      reply.bulk(members.get(i));
      reply.bulk(DoubleFormat.formatG17(scores.get(i)));
    }
  }
}
