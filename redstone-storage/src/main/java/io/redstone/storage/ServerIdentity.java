package io.redstone.storage;

/**
 * Facts about the running process that {@code INFO server} reports and only the front end knows.
 *
 * @param multiplexingApi {@code epoll} when the native transport loaded, else {@code nio}
 * @param executable path of the jar or command that started the process, or empty
 * @param configFile absolute path of the config file, or empty when started without one
 */
public record ServerIdentity(
    long processId,
    String runId,
    String multiplexingApi,
    String executable,
    String configFile,
    long startTimeMillis) {

  /** For an engine driven without a network front end: tests, a REPL. */
  public static ServerIdentity embedded(long startTimeMillis) {
    return new ServerIdentity(
        ProcessHandle.current().pid(), RunIds.random(), "none", "", "", startTimeMillis);
  }
}
