package io.cachesync.client;

/** A registered {@link WatchListener}; {@link #close()} stops telling it. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
