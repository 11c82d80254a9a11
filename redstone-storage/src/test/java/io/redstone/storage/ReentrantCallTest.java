package io.redstone.storage;

import static io.redstone.storage.command.CommandSpec.command;
import static org.assertj.core.api.Assertions.assertThat;

import io.redstone.config.ConfigRegistry;
import io.redstone.protocol.RespWriter;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A command that runs other commands, as EXEC and scripts will: each nested call has an invocation
 * of its own, so the outer one's arguments survive, and the effects can be grouped.
 */
class ReentrantCallTest {
  private final List<String> effects = new ArrayList<>();
  private final Engine engine =
      new Engine(
          ConfigRegistry.standard(),
          ServerIdentity.embedded(0),
          System::currentTimeMillis,
          CommandTable.standardFamilies()
              .add(
                  command("twice", -2)
                      .docs(
                          "Runs the command in its arguments twice, as one group.", "0.0.0", "O(1)")
                      .handler(
                          call -> {
                            byte[][] inner = Arrays.copyOfRange(call.argv(), 1, call.argc());
                            call.reply().arrayHeader(3);
                            call.engine().beginEffectGroup();
                            try {
                              for (int i = 0; i < 2; i++) {
                                CommandSpec spec =
                                    call.engine().admit(call.session(), inner, call.reply());
                                if (spec != null) {
                                  call.engine().call(spec, call.session(), inner, call.reply());
                                }
                              }
                            } finally {
                              call.engine().endEffectGroup();
                            }
                            // Still this call's own arguments after the nested ones ran.
                            call.reply().bulk(call.arg(1));
                          }))
              .build());
  private final ClientSession session = ClientSession.detached(1);
  private final RespWriter writer = new RespWriter();

  ReentrantCallTest() {
    engine.mutationSink(
        new MutationSink() {
          @Override
          public void append(int db, byte[][] argv) {
            effects.add(
                new String(argv[0], StandardCharsets.UTF_8)
                    + " "
                    + new String(argv[1], StandardCharsets.UTF_8));
          }

          @Override
          public void beginGroup() {
            effects.add("(");
          }

          @Override
          public void endGroup() {
            effects.add(")");
          }
        });
    engine.clientConnected(session);
  }

  private String run(String... args) {
    writer.reset();
    byte[][] argv = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    engine.execute(session, argv, writer);
    return new String(writer.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void nestedCallsAnswerInPlaceAndLeaveTheOuterCallIntact() {
    assertThat(run("TWICE", "INCR", "counter")).isEqualTo("*3\r\n:1\r\n:2\r\n$4\r\nINCR\r\n");
    assertThat(run("GET", "counter")).isEqualTo("$1\r\n2\r\n");
  }

  @Test
  void aNestedRefusalIsItsOwnReply() {
    assertThat(run("TWICE", "NOSUCH")).startsWith("*3\r\n-ERR unknown command 'NOSUCH'");
  }

  @Test
  void theEffectsOfTheNestedCallsAreOneGroup() {
    run("TWICE", "INCR", "k");
    assertThat(effects).containsExactly("(", "INCR k", "INCR k", ")");
  }

  @Test
  void callsCountInTheStatsOfTheInnerCommandToo() {
    run("TWICE", "INCR", "k");
    assertThat(run("INFO", "commandstats"))
        .contains("cmdstat_incr:calls=2,")
        .contains("cmdstat_twice:calls=1,");
  }
}
