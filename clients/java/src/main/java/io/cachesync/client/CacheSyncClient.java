package io.cachesync.client;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;

/**
 * The application's connection to its pod's CacheSync sidecar. Build one per process and share it:
 *
 * <pre>{@code
 * try (CacheSyncClient client = CacheSyncClient.builder().l0(L0Config.entries(10_000)).build()) {
 *   CacheView<String, Book> books = client.cache("books", KeyMapper.strings(), ValueCodec.json(Book.class));
 *   Book b = books.get(isbn, () -> repository.find(isbn));
 * }
 * }</pre>
 *
 * The address comes from {@code CACHESYNC_SOCKET} (the pod's Unix socket, preferred when native
 * epoll can open it), else {@code CACHESYNC_TARGET} ({@code host:port} or {@code unix:///path}),
 * unless {@link Builder#target} gives one.
 */
public final class CacheSyncClient implements AutoCloseable {
  private final ClientConfig config;
  private final String target;
  private final SidecarChannel channel;
  private final SidecarCalls calls;
  private final L0Cache l0;
  private final ScheduledExecutorService reopen;
  private final ExecutorService listenerThread;
  private final WatchStream watch;

  private CacheSyncClient(ClientConfig config, String target, SidecarChannel channel) {
    this.config = config;
    this.target = target;
    this.channel = channel;
    this.calls = new SidecarCalls(channel.channel(), config, target);
    this.l0 = config.l0().enabled() ? new L0Cache(config.l0()) : null;
    this.reopen = Executors.newSingleThreadScheduledExecutor(daemon("cachesync-watch-reopen"));
    this.listenerThread = Executors.newSingleThreadExecutor(daemon("cachesync-watch-listeners"));
    this.watch = new WatchStream(channel.channel(), l0, config, target, reopen, listenerThread);
    if (l0 != null) watch.start(); // L0 serves nothing until the stream says SUBSCRIBED
  }

  public static Builder builder() {
    return new Builder();
  }

  /** From the environment, with the defaults: no L0. */
  public static CacheSyncClient fromEnvironment() {
    return builder().build();
  }

  /** A typed view of one cache of the sidecar's config. */
  public <K, V> CacheView<K, V> cache(String name, KeyMapper<K> keys, ValueCodec<V> codec) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("cache name is empty");
    return new CacheView<>(
        name,
        Objects.requireNonNull(keys, "keys"),
        Objects.requireNonNull(codec, "codec"),
        calls,
        l0,
        this);
  }

  /** String keys as they are. */
  public <V> CacheView<String, V> cache(String name, ValueCodec<V> codec) {
    return cache(name, KeyMapper.strings(), codec);
  }

  /** Changes of {@code cache} ("" for every cache) on the client's Watch stream. */
  public Subscription watch(String cache, WatchListener listener) {
    return watch.add(cache == null ? "" : cache, Objects.requireNonNull(listener, "listener"));
  }

  /** The sidecar's address, as the client uses it. */
  public String target() {
    return target;
  }

  public ClientConfig config() {
    return config;
  }

  /** Whether L0 serves now: on, and its Watch stream established. */
  public boolean l0Live() {
    return l0 != null && l0.live();
  }

  /** How many entries L0 holds (0 without L0). */
  public long l0Size() {
    return l0 == null ? 0 : l0.size();
  }

  /** Whether reads go over a Session stream now: false when turned off or the sidecar has none. */
  public boolean readsOnSession() {
    return calls.readsOnSession();
  }

  @Override
  public void close() {
    watch.close();
    calls.close();
    reopen.shutdownNow();
    listenerThread.shutdown();
    channel.close();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Collects the settings; {@link #build()} resolves the address and opens the channel. */
  public static final class Builder {
    private String target;
    private ManagedChannel channel;
    private Function<String, String> environment = System::getenv;
    private Duration deadline;
    private int readAttempts = ClientConfig.DEFAULT_READ_ATTEMPTS;
    private Duration readBackoff;
    private Duration watchBackoffMin;
    private Duration watchBackoffMax;
    private L0Config l0 = L0Config.off();
    private boolean session = true;

    private Builder() {}

    /** {@code host:port} or {@code unix:///path}; wins over the environment. */
    public Builder target(String target) {
      this.target = target;
      return this;
    }

    /** A channel of the caller's (its own transport, TLS, interceptors); the caller closes it. */
    public Builder channel(ManagedChannel channel) {
      this.channel = channel;
      return this;
    }

    /** Where CACHESYNC_SOCKET and CACHESYNC_TARGET are looked up (default: the process's). */
    public Builder environment(Function<String, String> environment) {
      this.environment = Objects.requireNonNull(environment);
      return this;
    }

    /** Per call, per attempt (default 2 s). */
    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Attempts of a read on UNAVAILABLE (default 3; 1 turns retries off); writes get one. */
    public Builder readAttempts(int readAttempts) {
      this.readAttempts = readAttempts;
      return this;
    }

    /** The pause before a read's second attempt, growing linearly (default 50 ms). */
    public Builder readBackoff(Duration readBackoff) {
      this.readBackoff = readBackoff;
      return this;
    }

    /** The Watch stream's reopening backoff: first pause, doubling up to the longest. */
    public Builder watchBackoff(Duration min, Duration max) {
      this.watchBackoffMin = min;
      this.watchBackoffMax = max;
      return this;
    }

    /**
     * Whether reads (Get, GetMany) share one Session stream (default true: about a quarter less
     * latency and half the sidecar's CPU per read); false makes each a unary call. A sidecar
     * without Session is read unary either way.
     */
    public Builder session(boolean session) {
      this.session = session;
      return this;
    }

    /** The in-process L0 (default off). */
    public Builder l0(L0Config l0) {
      this.l0 = Objects.requireNonNull(l0);
      return this;
    }

    /**
     * @throws IllegalArgumentException when no usable address is set, or it is malformed
     */
    public CacheSyncClient build() {
      ClientConfig config =
          new ClientConfig(
              deadline, readAttempts, readBackoff, watchBackoffMin, watchBackoffMax, l0, session);
      if (channel != null) {
        return new CacheSyncClient(config, channel.authority(), SidecarChannel.borrowed(channel));
      }
      SidecarTarget t =
          TargetChoice.choose(target, environment, SidecarChannel.unixSocketsAvailable());
      return new CacheSyncClient(config, t + " (" + t.source() + ")", SidecarChannel.open(t));
    }
  }
}
