package io.redstone.server.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Effects collected per loop pass, and the groups a transaction or a script opens. */
class EffectStreamTest {
  private final List<EffectStream.Group> sent = new ArrayList<>();
  private final EffectStream stream = new EffectStream(sent::add);

  private static byte[][] argv(String... words) {
    byte[][] argv = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      argv[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return argv;
  }

  @Test
  void aGroupOfSeveralWritesIsOneAtomicEffectBetweenTheOthers() {
    stream.append(0, argv("SET", "a", "1"));
    stream.beginGroup();
    stream.append(0, argv("INCR", "b"));
    stream.beginGroup();
    stream.append(1, argv("DEL", "c"));
    stream.endGroup();
    stream.endGroup();
    stream.append(0, argv("SET", "d", "2"));
    stream.flush();
    List<Effect> effects = sent.get(0).effects();
    assertThat(effects).hasSize(3);
    assertThat(effects.get(0)).isInstanceOf(Effect.Write.class);
    assertThat(effects.get(1)).isInstanceOf(Effect.Atomic.class);
    assertThat(((Effect.Atomic) effects.get(1)).writes())
        .extracting(Effect.Write::db)
        .containsExactly(0, 1);
    assertThat(effects.get(2)).isInstanceOf(Effect.Write.class);
  }

  @Test
  void aGroupOfOneWriteIsThatWriteAndAnEmptyGroupIsNothing() {
    stream.beginGroup();
    stream.append(0, argv("SET", "a", "1"));
    stream.endGroup();
    stream.beginGroup();
    stream.endGroup();
    stream.flush();
    assertThat(sent.get(0).effects()).singleElement().isInstanceOf(Effect.Write.class);
  }

  @Test
  void endingAGroupThatWasNotOpenedIsABug() {
    assertThatThrownBy(stream::endGroup).isInstanceOf(IllegalStateException.class);
  }
}
