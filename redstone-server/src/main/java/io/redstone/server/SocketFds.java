package io.redstone.server;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * What Vert.x's public API does not expose of a socket: its file descriptor for CLIENT LIST (native
 * transport only; read from the storage thread, advisory), and closing it at once without flushing
 * what is queued (a client cut off by its output limit).
 */
final class SocketFds {
  private SocketFds() {}

  /** The socket's file descriptor, or -1 when the transport does not have one (NIO). */
  static int fd(NetSocket socket) {
    Channel channel = channel(socket);
    if (channel instanceof UnixChannel unix && unix.fd().isOpen()) {
      return unix.fd().intValue();
    }
    return -1;
  }

  /**
   * Closes the channel now, failing the writes still queued rather than flushing them. Past the
   * pipeline: Vert.x's handler holds a close back until the queued writes have gone out, which for
   * a client that stopped reading is never. Call on the channel's event loop.
   */
  static void closeNow(NetSocket socket) {
    Channel channel = channel(socket);
    if (channel != null) {
      channel.unsafe().close(channel.voidPromise());
    } else {
      socket.close();
    }
  }

  private static Channel channel(NetSocket socket) {
    if (socket instanceof NetSocketInternal internal) {
      return internal.channelHandlerContext().channel();
    }
    return null;
  }
}
