package io.redstone.storage.admin;

import static io.redstone.storage.command.Argument.integer;
import static io.redstone.storage.command.Argument.string;
import static io.redstone.storage.command.CommandFlag.ADMIN;
import static io.redstone.storage.command.CommandFlag.LOADING;
import static io.redstone.storage.command.CommandFlag.NOSCRIPT;
import static io.redstone.storage.command.CommandFlag.STALE;
import static io.redstone.storage.command.CommandSpec.command;

import io.redstone.storage.command.CommandException;
import io.redstone.storage.command.CommandGroup;
import io.redstone.storage.command.CommandSpec;
import io.redstone.storage.command.CommandTable;
import io.redstone.storage.command.Errors;
import io.redstone.storage.command.HelpReply;
import io.redstone.storage.command.Invocation;
import io.redstone.storage.observe.LatencyMonitor;
import io.redstone.storage.observe.SlowLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SLOWLOG, LATENCY and MONITOR: what an operator asks a server about its own running. */
public final class DiagnosticCommands {
  private DiagnosticCommands() {}

  static final String SLOWLOG_COUNT = "ERR count should be greater than or equal to -1";
  private static final int SLOWLOG_DEFAULT_COUNT = 10;

  public static void register(CommandTable.Builder table) {
    table.add(
        command("slowlog", -2)
            .group(CommandGroup.SERVER)
            .docs("A container for slow log commands", "2.2.12", "Depends on subcommand.")
            .subcommand(
                admin("get", -2)
                    .docs(
                        "Get the slow log's entries",
                        "2.2.12",
                        "O(N) where N is the number of entries returned")
                    .history("4.0.0", "Added client IP address, port and name to the reply.")
                    .tips("request_policy:all_nodes", "nondeterministic_output")
                    .arguments(integer("count").optional())
                    .handler(DiagnosticCommands::slowlogGet))
            .subcommand(
                admin("len", 2)
                    .docs("Get the slow log's length", "2.2.12", "O(1)")
                    .tips(
                        "request_policy:all_nodes",
                        "response_policy:agg_sum",
                        "nondeterministic_output")
                    .handler(call -> call.reply().integer(call.engine().slowLog().size())))
            .subcommand(
                admin("reset", 2)
                    .docs(
                        "Clear all entries from the slow log",
                        "2.2.12",
                        "O(N) where N is the number of entries in the slowlog")
                    .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                    .handler(
                        call -> {
                          call.engine().slowLog().reset();
                          call.reply().ok();
                        }))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands", "6.2.0", "O(1)")
                    .handler(DiagnosticCommands::slowlogHelp)));
    table.add(
        command("latency", -2)
            .group(CommandGroup.SERVER)
            .docs(
                "A container for latency diagnostics commands", "2.8.13", "Depends on subcommand.")
            .subcommand(
                latencySub("latest", 2)
                    .docs("Return the latest latency samples for all events.", "2.8.13", "O(1)")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_nodes",
                        "response_policy:special")
                    .handler(DiagnosticCommands::latencyLatest))
            .subcommand(
                latencySub("history", 3)
                    .docs("Return timestamp-latency samples for the event.", "2.8.13", "O(1)")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_nodes",
                        "response_policy:special")
                    .arguments(string("event"))
                    .handler(DiagnosticCommands::latencyHistory))
            .subcommand(
                latencySub("reset", -2)
                    .docs("Reset latency data for one or more events.", "2.8.13", "O(1)")
                    .tips("request_policy:all_nodes", "response_policy:all_succeeded")
                    .arguments(string("event").optional().multiple())
                    .handler(DiagnosticCommands::latencyReset))
            .subcommand(
                latencySub("doctor", 2)
                    .docs("Return a human readable latency analysis report.", "2.8.13", "O(1)")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_nodes",
                        "response_policy:special")
                    .handler(call -> LatencyDoctor.write(call)))
            .subcommand(
                latencySub("histogram", -2)
                    .docs(
                        "Return the cumulative distribution of latencies of a subset of commands or"
                            + " all.",
                        "7.0.0",
                        "O(N) where N is the number of commands with latency information being"
                            + " retrieved.")
                    .tips(
                        "nondeterministic_output",
                        "request_policy:all_nodes",
                        "response_policy:special")
                    .arguments(string("command").optional().multiple())
                    .handler(DiagnosticCommands::latencyHistogram))
            .subcommand(
                command("help", 2)
                    .flags(LOADING, STALE)
                    .docs("Show helpful text about the different subcommands.", "2.8.13", "O(1)")
                    .handler(DiagnosticCommands::latencyHelp)));
    table.add(
        command("monitor", 1)
            .flags(ADMIN, NOSCRIPT, LOADING, STALE)
            .group(CommandGroup.SERVER)
            .docs("Listen for all requests received by the server in real time", "1.0.0", null)
            .handler(DiagnosticCommands::monitor));
  }

  private static CommandSpec.Builder admin(String name, int arity) {
    return command(name, arity).flags(ADMIN, LOADING, STALE);
  }

  private static CommandSpec.Builder latencySub(String name, int arity) {
    return command(name, arity).flags(ADMIN, NOSCRIPT, LOADING, STALE);
  }

  /** SLOWLOG GET [count]: newest first, 10 by default, -1 for all. */
  private static void slowlogGet(Invocation call) {
    long count = SLOWLOG_DEFAULT_COUNT;
    if (call.argc() == 3) {
      count = call.argLong(2, SLOWLOG_COUNT);
      if (count < -1) {
        throw new CommandException(SLOWLOG_COUNT);
      }
    } else if (call.argc() > 3) {
      throw new CommandException(Errors.subcommandSyntax(call.argString(1), call.argString(0)));
    }
    List<SlowLog.Entry> entries = call.engine().slowLog().newest(count);
    call.reply().arrayHeader(entries.size());
    for (SlowLog.Entry entry : entries) {
      call.reply().arrayHeader(6);
      call.reply().integer(entry.id());
      call.reply().integer(entry.unixSeconds());
      call.reply().integer(entry.micros());
      call.reply().arrayHeader(entry.args().size());
      for (byte[] arg : entry.args()) {
        call.reply().bulk(arg);
      }
      call.reply().bulk(entry.clientAddress());
      call.reply().bulk(entry.clientName());
    }
  }

  private static void slowlogHelp(Invocation call) {
    HelpReply.write(
        call,
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.");
  }

  /** LATENCY LATEST: per event, the time and latency of its last sample and its maximum. */
  private static void latencyLatest(Invocation call) {
    Map<String, LatencyMonitor.Event> events = call.engine().latencyMonitor().events();
    call.reply().arrayHeader(events.size());
    events.forEach(
        (name, event) -> {
          call.reply().arrayHeader(4);
          call.reply().bulk(name);
          call.reply().integer(event.latest().unixSeconds());
          call.reply().integer(event.latest().millis());
          call.reply().integer(event.max());
        });
  }

  /** LATENCY HISTORY event: its samples, oldest first; an unknown event has none. */
  private static void latencyHistory(Invocation call) {
    LatencyMonitor.Event event = call.engine().latencyMonitor().events().get(call.argString(2));
    List<LatencyMonitor.Sample> samples = event == null ? List.of() : event.samples();
    call.reply().arrayHeader(samples.size());
    for (LatencyMonitor.Sample sample : samples) {
      call.reply().arrayHeader(2);
      call.reply().integer(sample.unixSeconds());
      call.reply().integer(sample.millis());
    }
  }

  private static void latencyReset(Invocation call) {
    List<String> names = new ArrayList<>();
    for (int i = 2; i < call.argc(); i++) {
      names.add(call.argString(i));
    }
    call.reply().integer(call.engine().latencyMonitor().reset(names));
  }

  /**
   * LATENCY HISTOGRAM [command ...]: per command that ran, its calls and the cumulative count at
   * each power-of-two bound from 1024 ns, listed only where the count grows, as Redis lists them.
   */
  private static void latencyHistogram(Invocation call) {
    List<CommandSpec> specs = new ArrayList<>();
    if (call.argc() == 2) {
      for (CommandSpec spec : call.engine().commands().all()) {
        addIfCalled(specs, spec);
        spec.subcommands().values().forEach(sub -> addIfCalled(specs, sub));
      }
    } else {
      for (int i = 2; i < call.argc(); i++) {
        CommandSpec spec = IntrospectionCommands.find(call.engine().commands(), call.argString(i));
        if (spec != null && !specs.contains(spec)) {
          addIfCalled(specs, spec);
        }
      }
    }
    call.reply().mapHeader(specs.size());
    for (CommandSpec spec : specs) {
      LatencyHistogramReply.write(call.reply(), spec);
    }
  }

  private static void addIfCalled(List<CommandSpec> specs, CommandSpec spec) {
    if (spec.stats().latency.count() > 0) {
      specs.add(spec);
    }
  }

  private static void latencyHelp(Invocation call) {
    HelpReply.write(
        call,
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the"
            + " specified command names.",
        "    If no commands are specified then all histograms are replied.");
  }

  /**
   * MONITOR: from now on the client is sent a line per command the server runs. Asking again is
   * ignored without a reply, as Redis does.
   */
  private static void monitor(Invocation call) {
    if (call.engine().monitors().contains(call.session())) {
      return;
    }
    call.engine().monitors().add(call.session());
    call.reply().ok();
  }
}
