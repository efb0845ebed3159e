package io.cachesync.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk of bytes for a fixed one-way delay before passing
 * it on, both ways: a server one network hop away, made on loopback (this kernel has no netem).
 * Order is kept per direction. Waits park until shortly before a chunk is due and spin the rest,
 * since a park alone overshoots by tens of µs; the spin costs CPU only while a chunk waits. What it
 * really added is recorded per chunk, so a report can say how close it came.
 */
public final class DelayProxy implements AutoCloseable {
  /** A park overshoots by about this much on Linux: closer to the deadline, spin instead. */
  private static final long SPIN_NANOS = 60_000;

  private static final int CHUNK_BYTES = 64 * 1024;
  private static final int MAX_BUCKET_MICROS = 100_000;

  private record Chunk(long arrivedNanos, ByteBuffer bytes) {}

  private final ServerSocketChannel server;
  private final InetSocketAddress upstream;
  private final long delayNanos;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  /** Chunks counted by the delay they really got, in whole µs (the last bucket: that or more). */
  private final AtomicLongArray addedMicros = new AtomicLongArray(MAX_BUCKET_MICROS + 1);

  private volatile boolean closed;

  private DelayProxy(ServerSocketChannel server, InetSocketAddress upstream, Duration oneWay) {
    this.server = server;
    this.upstream = upstream;
    this.delayNanos = oneWay.toNanos();
  }

  /** Listens on a free port of 127.0.0.1 and forwards to {@code upstream} with {@code oneWay}. */
  public static DelayProxy start(InetSocketAddress upstream, Duration oneWay) {
    if (oneWay.isNegative()) throw new IllegalArgumentException("negative delay: " + oneWay);
    try {
      ServerSocketChannel server = ServerSocketChannel.open();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      DelayProxy proxy = new DelayProxy(server, upstream, oneWay);
      proxy.spawn("delay-proxy-accept", proxy::accept);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("the delay proxy could not listen on 127.0.0.1", e);
    }
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  public Duration delay() {
    return Duration.ofNanos(delayNanos);
  }

  /**
   * The one-way delay (µs) that {@code percentile} of the chunks forwarded so far really got, from
   * being read to being written on; NaN before the first.
   */
  public double addedMicros(double percentile) {
    long total = 0;
    for (int i = 0; i < addedMicros.length(); i++) total += addedMicros.get(i);
    if (total == 0) return Double.NaN;
    long rank = (long) Math.ceil(total * percentile / 100.0);
    long seen = 0;
    for (int i = 0; i < addedMicros.length(); i++) {
      seen += addedMicros.get(i);
      if (seen >= Math.max(1, rank)) return i;
    }
    return MAX_BUCKET_MICROS;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (SocketChannel c : open) closeQuietly(c);
    for (Thread t : threads) t.interrupt();
  }

  private void accept() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        SocketChannel backend = SocketChannel.open(upstream);
        for (SocketChannel c : List.of(client, backend)) {
          c.setOption(StandardSocketOptions.TCP_NODELAY, true);
          open.add(c);
        }
        pipe("delay-proxy-up", client, backend);
        pipe("delay-proxy-down", backend, client);
      } catch (IOException e) {
        closeQuietly(client); // the client sees its connection refused, as without the proxy
      }
    }
  }

  /** One direction: a reader that stamps what arrives, a writer that sends it when it is due. */
  private void pipe(String name, SocketChannel from, SocketChannel to) {
    BlockingQueue<Chunk> due = new LinkedBlockingQueue<>();
    spawn(
        name + "-read",
        () -> {
          try {
            while (!closed) {
              ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
              if (from.read(buffer) < 0) break;
              due.add(new Chunk(System.nanoTime(), buffer.flip()));
            }
          } catch (IOException e) {
            // the peer went away: end this direction
          }
          due.add(new Chunk(-1, null));
        });
    spawn(
        name + "-write",
        () -> {
          try {
            while (true) {
              Chunk c = due.take();
              if (c.bytes() == null) break;
              long at = c.arrivedNanos() + delayNanos;
              for (long left = at - System.nanoTime(); left > 0; left = at - System.nanoTime()) {
                if (left > SPIN_NANOS) LockSupport.parkNanos(left - SPIN_NANOS);
                else Thread.onSpinWait();
              }
              record(System.nanoTime() - c.arrivedNanos());
              while (c.bytes().hasRemaining()) to.write(c.bytes());
            }
          } catch (InterruptedException | IOException e) {
            // closing, or the other side went away
          }
          closeQuietly(from);
          closeQuietly(to);
        });
  }

  private void record(long nanos) {
    addedMicros.incrementAndGet((int) Math.min(MAX_BUCKET_MICROS, nanos / 1_000));
  }

  private void spawn(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private static void closeQuietly(java.nio.channels.Channel c) {
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      // already closed
    }
  }

  /** For tests: the chunks forwarded so far. */
  long forwardedChunks() {
    long total = 0;
    for (int i = 0; i < addedMicros.length(); i++) total += addedMicros.get(i);
    return total;
  }
}
