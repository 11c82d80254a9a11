package io.redstone.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.unix.UnixChannel;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

/**
 * What CLIENT LIST reports about a socket that Vert.x's public API does not expose: the file
 * descriptor (native transport only) and the bytes queued for output. Both may be read from the
 * storage thread; the values are advisory.
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

  /** Bytes written by the server but not yet taken by the kernel. */
  static long pendingOutputBytes(NetSocket socket) {
    Channel channel = channel(socket);
    if (channel == null) {
      return 0;
    }
    ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
    return outbound == null ? 0 : outbound.totalPendingWriteBytes();
  }

  /** Closes the channel now, failing the writes still queued rather than flushing them. */
  static void closeNow(NetSocket socket) {
    Channel channel = channel(socket);
    if (channel != null) {
      channel.close();
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
