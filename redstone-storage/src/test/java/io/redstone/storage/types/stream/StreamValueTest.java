package io.redstone.storage.types.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stream's blocks against a plain sorted map through random appends, deletions and trims, with
 * small and large blocks; and its copy and stored form, which must give back the same stream.
 */
class StreamValueTest {

  @ParameterizedTest(name = "blocks of at most {0} entries, {1} bytes")
  @CsvSource({"3, 4096", "100, 4096", "100, 60", "0, 0"})
  void agreesWithASortedMapThroughRandomChanges(long maxEntries, long maxBytes) {
    Random random = new Random(maxEntries * 31 + maxBytes);
    StreamValue stream = new StreamValue();
    TreeMap<StreamId, List<String>> model = new TreeMap<>();
    long ms = 1;
    for (int step = 0; step < 3000; step++) {
      int action = random.nextInt(100);
      if (action < 70) {
        ms += random.nextInt(3);
        StreamId id = stream.nextId(new StreamId(ms, 0), false, 0);
        List<String> fields = fields(random);
        byte[][] argv = new byte[fields.size()][];
        for (int i = 0; i < argv.length; i++) {
          argv[i] = fields.get(i).getBytes(StandardCharsets.UTF_8);
        }
        stream.append(id, argv, 0, maxBytes, maxEntries);
        model.put(id, fields);
      } else if (action < 90 && !model.isEmpty()) {
        StreamId id = pick(model, random);
        assertThat(stream.delete(id)).isTrue();
        assertThat(stream.delete(id)).isFalse();
        model.remove(id);
      } else if (action < 95) {
        long keep = random.nextInt(Math.max(1, model.size() + 1));
        long removed = stream.trim(keep, null, false, 0);
        assertThat(removed).isEqualTo(Math.max(0, model.size() - keep));
        while (model.size() > keep) {
          model.pollFirstEntry();
        }
      } else if (!model.isEmpty()) {
        StreamId min = pick(model, random);
        stream.trim(0, min, random.nextBoolean(), 0);
        model.headMap(min).keySet().removeIf(id -> !stream.exists(id));
      }
      assertThat(stream.length()).isEqualTo(model.size());
      if (step % 50 == 0) {
        check(stream, model, random);
      }
    }
    check(stream, model, random);
    StreamValue copy = stream.duplicate();
    StreamValue loaded = StreamCodec.decode(StreamCodec.encode(stream));
    check(copy, model, random);
    check(loaded, model, random);
    assertThat(loaded.lastId()).isEqualTo(stream.lastId());
    assertThat(loaded.entriesAdded()).isEqualTo(stream.entriesAdded());
    assertThat(loaded.blockCount()).isEqualTo(stream.blockCount());
    if (!model.isEmpty()) {
      StreamId first = model.firstKey();
      copy.delete(first);
      assertThat(stream.exists(first)).isTrue();
    }
  }

  private static List<String> fields(Random random) {
    List<String> fields = new ArrayList<>();
    int pairs = 1 + random.nextInt(3);
    boolean usual = random.nextInt(4) > 0;
    for (int i = 0; i < pairs; i++) {
      fields.add(usual ? "field" + i : "f" + random.nextInt(5));
      fields.add(
          switch (random.nextInt(4)) {
            case 0 -> Integer.toString(random.nextInt(100000) - 50000);
            case 1 -> "x".repeat(random.nextInt(80));
            case 2 -> Long.toString(random.nextLong());
            default -> "v" + random.nextInt(1000);
          });
    }
    return fields;
  }

  private static StreamId pick(TreeMap<StreamId, List<String>> model, Random random) {
    List<StreamId> ids = new ArrayList<>(model.keySet());
    return ids.get(random.nextInt(ids.size()));
  }

  private static void check(StreamValue stream, TreeMap<StreamId, List<String>> model, Random r) {
    assertThat(read(stream, StreamId.MIN, StreamId.MAX, false)).isEqualTo(model);
    List<StreamId> backwards = new ArrayList<>();
    stream.range(StreamId.MIN, StreamId.MAX, true, e -> backwards.add(e.id()));
    assertThat(backwards).isEqualTo(new ArrayList<>(model.descendingKeySet()));
    if (!model.isEmpty()) {
      StreamId a = pick(model, r);
      StreamId b = pick(model, r);
      StreamId from = a.compareTo(b) < 0 ? a : b;
      StreamId to = a.compareTo(b) < 0 ? b : a;
      assertThat(read(stream, from, to, false)).isEqualTo(model.subMap(from, true, to, true));
      assertThat(stream.edgeId(true)).isEqualTo(model.firstKey());
      assertThat(stream.edgeId(false)).isEqualTo(model.lastKey());
    }
    assertThat(stream.memory()).isPositive();
  }

  private static Map<StreamId, List<String>> read(
      StreamValue stream, StreamId from, StreamId to, boolean rev) {
    TreeMap<StreamId, List<String>> seen = new TreeMap<>();
    stream.range(
        from,
        to,
        rev,
        e -> {
          List<String> fields = new ArrayList<>();
          for (byte[] field : e.fieldsAndValues()) {
            fields.add(new String(field, StandardCharsets.UTF_8));
          }
          seen.put(e.id(), fields);
          return true;
        });
    return seen;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"truncated", "trailing", "badListpack"})
  void aDamagedStoredStreamIsRefused(String damage) {
    StreamValue stream = new StreamValue();
    stream.append(new StreamId(1, 1), new byte[][] {"f".getBytes(), "v".getBytes()}, 0, 4096, 100);
    stream.createGroup("g".getBytes(), StreamId.MIN, 0);
    byte[] good = StreamCodec.encode(stream);
    byte[] bad =
        switch (damage) {
          case "truncated" -> Arrays.copyOf(good, good.length - 3);
          case "trailing" -> Arrays.copyOf(good, good.length + 1);
          default -> {
            byte[] copy = good.clone();
            copy[1 + 8 * 8 + 4 + 16 + 4 + 6] = (byte) 0xF5;
            yield copy;
          }
        };
    assertThatThrownBy(() -> StreamCodec.decode(bad)).isInstanceOf(IllegalArgumentException.class);
  }
}
