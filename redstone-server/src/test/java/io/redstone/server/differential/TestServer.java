package io.redstone.server.differential;

/** A server the differential tests talk to over TCP on 127.0.0.1. */
interface TestServer extends AutoCloseable {

  /** Names the server in failure messages: "redis-server 7.0.15", "redstone". */
  String name();

  int port();

  /** Stops the server and removes everything it left on disk. */
  @Override
  void close();
}
