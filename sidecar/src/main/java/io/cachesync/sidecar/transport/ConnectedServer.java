package io.cachesync.sidecar.transport;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Redis server a client's data connections reach now, and how often that changed. With {@code
 * redis.mode: Sentinel} a change is a failover: the connections came back on the master the
 * sentinels promoted. Added to a client before its first connect, so the first server is seen too;
 * the client's own connections to the sentinels are not data connections and are left out.
 *
 * <p>With {@code redis.mode: Cluster} a client holds connections to every node, so "the last one
 * connected" means nothing; the user says instead which node serves it ({@link #reached}): the
 * master of the channel's or the stream key's slot, which changes on a failover or a slot move.
 */
public final class ConnectedServer implements RedisConnectionStateListener {
  private static final Logger log = LoggerFactory.getLogger(ConnectedServer.class);

  private final String user;
  private final Runnable onChange;
  private final AtomicReference<String> server = new AtomicReference<>("");

  /**
   * @param user who connects, for the log: "the invalidation bus"
   * @param onChange counts a change of server, on the connection's I/O thread
   */
  public ConnectedServer(String user, Runnable onChange) {
    this.user = user;
    this.onChange = onChange;
  }

  @Override
  public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
    if (connection instanceof StatefulRedisSentinelConnection<?, ?>) return;
    reached(describe(address));
  }

  /** The user now works on server {@code hostPort}; a change from the one before is counted. */
  public void reached(String hostPort) {
    String before = server.getAndSet(hostPort);
    if (!before.isEmpty() && !before.equals(hostPort)) {
      onChange.run();
      log.info(
          "{} reconnected to another Redis server: {} -> {} (a failover, or a slot moved)",
          user,
          before,
          hostPort);
    }
  }

  /** host:port of the server the last data connection reached; empty before the first. */
  public String server() {
    return server.get();
  }

  private static String describe(SocketAddress address) {
    if (address instanceof InetSocketAddress a) {
      return a.getHostString() + ":" + a.getPort();
    }
    return String.valueOf(address);
  }
}
