package io.redstone.storage.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotifyClassTest {
  @Test
  void eachLetterIsOneClassAndAIsEveryTypeClassButMissAndNew() {
    assertThat(NotifyClass.parse("")).isZero();
    assertThat(NotifyClass.parse("K")).isEqualTo(NotifyClass.KEYSPACE);
    assertThat(NotifyClass.parse("E$l"))
        .isEqualTo(NotifyClass.KEYEVENT | NotifyClass.STRING | NotifyClass.LIST);
    assertThat(NotifyClass.parse("g$lshzxetd")).isEqualTo(NotifyClass.ALL);
    assertThat(NotifyClass.parse("A") & NotifyClass.KEY_MISS).isZero();
    assertThat(NotifyClass.parse("A") & NotifyClass.NEW).isZero();
    assertThat(NotifyClass.parse("Anm"))
        .isEqualTo(NotifyClass.ALL | NotifyClass.NEW | NotifyClass.KEY_MISS);
  }

  @Test
  void classesHaveRedisBitValues() {
    // The same bits as Redis's NOTIFY_* flags (server.h), so they can be compared with its sources.
    assertThat(NotifyClass.GENERIC).isEqualTo(4);
    assertThat(NotifyClass.EXPIRED).isEqualTo(256);
    assertThat(NotifyClass.KEY_MISS).isEqualTo(2048);
    assertThat(NotifyClass.NEW).isEqualTo(16384);
  }
}
