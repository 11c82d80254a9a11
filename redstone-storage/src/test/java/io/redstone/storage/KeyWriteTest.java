package io.redstone.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.types.TestBag;
import io.redstone.storage.types.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Database.openForWrite / openOrCreate and KeyWrite.done: the write path of every container. */
class KeyWriteTest {
  private final EngineHarness redis = new EngineHarness();
  private final Database db = redis.engine().database(0);

  private static byte[] key(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  private TestBag bag(KeyWrite write) {
    return (TestBag) write.value();
  }

  @Test
  void openOrCreateMakesTheKeyAndDoneAccountsForWhatTheChangeAdded() {
    long before = db.estimatedBytes();
    KeyWrite write =
        db.openOrCreate(key("h"), ValueType.HASH, () -> new TestBag(ValueType.HASH), redis.now());
    assertThat(write.created()).isTrue();
    bag(write).elements().add("a");
    bag(write).elements().add("b");
    assertThat(write.done()).isFalse();
    assertThat(db.size()).isEqualTo(1);
    long withTwo = db.estimatedBytes();
    assertThat(withTwo - before).isGreaterThanOrEqualTo(2 * TestBag.BYTES_PER_ELEMENT);

    KeyWrite again = db.openForWrite(key("h"), ValueType.HASH, redis.now());
    assertThat(again.created()).isFalse();
    bag(again).elements().remove("a");
    again.done();
    assertThat(withTwo - db.estimatedBytes()).isEqualTo(TestBag.BYTES_PER_ELEMENT);
  }

  @Test
  void aContainerLeftEmptyIsDeletedAndItsMemoryReturned() {
    long before = db.estimatedBytes();
    KeyWrite write =
        db.openOrCreate(key("s"), ValueType.SET, () -> new TestBag(ValueType.SET), redis.now());
    bag(write).elements().add("m");
    write.done();
    KeyWrite emptying = db.openForWrite(key("s"), ValueType.SET, redis.now());
    bag(emptying).elements().clear();
    assertThat(emptying.done()).isTrue();
    assertThat(db.size()).isZero();
    assertThat(db.estimatedBytes()).isEqualTo(before);
  }

  @Test
  void anotherTypeIsWrongTypeAndAnAbsentKeyIsNull() {
    redis.call("SET", "str", "v");
    assertThatThrownBy(() -> db.openForWrite(key("str"), ValueType.HASH, redis.now()))
        .isInstanceOf(CommandException.class)
        .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
    assertThatThrownBy(
            () ->
                db.openOrCreate(
                    key("str"), ValueType.LIST, () -> new TestBag(ValueType.LIST), redis.now()))
        .isInstanceOf(CommandException.class);
    assertThat(db.openForWrite(key("absent"), ValueType.HASH, redis.now())).isNull();
  }

  @Test
  void anExpiredKeyIsGoneBeforeTheOpen() {
    KeyWrite write =
        db.openOrCreate(key("k"), ValueType.ZSET, () -> new TestBag(ValueType.ZSET), redis.now());
    bag(write).elements().add("x");
    write.done();
    redis.call("PEXPIRE", "k", "10");
    redis.advanceMillis(11);
    assertThat(db.openForWrite(key("k"), ValueType.ZSET, redis.now())).isNull();
    KeyWrite fresh =
        db.openOrCreate(key("k"), ValueType.ZSET, () -> new TestBag(ValueType.ZSET), redis.now());
    assertThat(fresh.created()).isTrue();
    assertThat(bag(fresh).elements()).isEmpty();
  }

  @Test
  void replaceSwapsTheContainerAndDoneAccountsForTheNewOne() {
    long before = db.estimatedBytes();
    KeyWrite write =
        db.openOrCreate(key("s"), ValueType.SET, () -> new TestBag(ValueType.SET), redis.now());
    bag(write).elements().add("a");
    write.replace(new TestBag(ValueType.SET, "x", "y", "z"));
    assertThat(bag(write).elements()).containsExactly("x", "y", "z");
    write.done();
    assertThat(db.estimatedBytes() - before)
        .isGreaterThanOrEqualTo(3 * TestBag.BYTES_PER_ELEMENT)
        .isLessThan(4 * TestBag.BYTES_PER_ELEMENT);
    KeyWrite again = db.openForWrite(key("s"), ValueType.SET, redis.now());
    assertThatThrownBy(() -> again.replace(new TestBag(ValueType.HASH, "h")))
        .isInstanceOf(IllegalArgumentException.class);
    redis.call("DEL", "s");
    assertThat(db.estimatedBytes()).isEqualTo(before);
  }

  @Test
  void aPointInTimeWalkGetsTheValueAsItWasBeforeTheFirstChange() {
    KeyWrite write =
        db.openOrCreate(key("h"), ValueType.HASH, () -> new TestBag(ValueType.HASH), redis.now());
    bag(write).elements().add("old");
    write.done();
    List<String> seen = new ArrayList<>();
    redis
        .engine()
        .startSnapshot(
            (dbIndex, k, value, expireAt) ->
                seen.add(new String(value.payload(), StandardCharsets.UTF_8)));
    KeyWrite change = db.openForWrite(key("h"), ValueType.HASH, redis.now());
    bag(change).elements().set(0, "new");
    change.done();
    while (!redis.engine().snapshotStep(100)) {
      // walk to the end
    }
    assertThat(seen).containsExactly("old");
  }
}
