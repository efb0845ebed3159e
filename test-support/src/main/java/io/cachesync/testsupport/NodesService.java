package io.cachesync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One address in front of several Redis nodes, as a Kubernetes Service in front of a cluster's pods
 * (or a managed cluster's configuration endpoint): each new connection goes to the first node that
 * accepts it, so a client seeded with this address finds the cluster while any node is up. A seed
 * naming one node would leave a client that starts while that node is down with nothing to ask.
 * Bytes are passed on as they come, both ways; closing ends every connection.
 */
public final class NodesService implements AutoCloseable {
  private final ServerSocket server;
  private final List<RedisAddress> nodes;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private NodesService(ServerSocket server, List<RedisAddress> nodes) {
    this.server = server;
    this.nodes = List.copyOf(nodes);
  }

  /** Listens on a free port of 127.0.0.1. */
  public static NodesService over(List<RedisAddress> nodes) {
    if (nodes.isEmpty()) throw new IllegalArgumentException("a service needs at least one node");
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      NodesService service = new NodesService(server, nodes);
      daemon("nodes-service-accept", service::accept);
      return service;
    } catch (IOException e) {
      throw new UncheckedIOException("the nodes service could not listen on 127.0.0.1", e);
    }
  }

  public RedisAddress address() {
    return RedisAddress.loopback(server.getLocalPort());
  }

  @Override
  public void close() {
    closed = true;
    quietly(server);
    for (Socket s : open) quietly(s);
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket node = firstLive();
      if (node == null) {
        quietly(client); // as a Service without ready endpoints: the connection is refused
        continue;
      }
      open.add(client);
      open.add(node);
      pipe(client, node);
      pipe(node, client);
    }
  }

  private Socket firstLive() {
    for (RedisAddress a : nodes) {
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(a.host(), a.port()), 1_000);
        return s;
      } catch (IOException down) {
        quietly(s);
      }
    }
    return null;
  }

  private static void pipe(Socket from, Socket to) {
    daemon(
        "nodes-service-pipe",
        () -> {
          byte[] buffer = new byte[16 * 1024];
          try (InputStream in = from.getInputStream();
              OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
              out.write(buffer, 0, n);
              out.flush();
            }
          } catch (IOException e) {
            // one side went away: end both
          }
          quietly(from);
          quietly(to);
        });
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void quietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
