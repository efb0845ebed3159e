package io.cachesync.sidecar;

import io.cachesync.sidecar.grpc.ServingGate;
import io.cachesync.sidecar.keyspace.NotificationsStatus;
import io.cachesync.sidecar.metrics.HealthReport;
import io.cachesync.sidecar.reload.ReloadOutcome;
import io.cachesync.sidecar.sync.InvalidationBus;
import io.cachesync.sidecar.sync.SyncState;
import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the sidecar serves, decided in one place: SERVING once the invalidation channel was first
 * subscribed and, where a cache keeps an L2, the data connection is up; never again once draining.
 * It alone flips the serving gate and the gRPC health statuses, and writes {@code /health}.
 */
final class Readiness {
  private static final Logger log = LoggerFactory.getLogger(Readiness.class);

  private final Supplier<InvalidationBus> bus;
  private final ServingGate gate;
  private final HealthStatusManager health = new HealthStatusManager();
  private boolean busConnected; // guarded by this
  private boolean dataConnected; // guarded by this
  private volatile NotificationsStatus keyspace;

  /**
   * @param bus the bus, read when a report or a refusal needs its state and reason
   * @param needsData whether a cache keeps an L2 (the data connection must be up to serve)
   */
  Readiness(Supplier<InvalidationBus> bus, boolean needsData) {
    this.bus = bus;
    this.dataConnected = !needsData;
    this.gate = new ServingGate(() -> bus.get().lastError());
    health.setStatus("", ServingStatus.NOT_SERVING);
    health.setStatus(Sidecar.SERVICE_NAME, ServingStatus.NOT_SERVING);
  }

  ServingGate gate() {
    return gate;
  }

  BindableService healthService() {
    return health.getHealthService();
  }

  /** The bus's state; the first CONNECTED counts for good (DEGRADED still serves from L1). */
  synchronized void bus(SyncState state) {
    busConnected = busConnected || state == SyncState.CONNECTED;
    maybeServe();
  }

  /** The data connection (L2, write-behind) came up: it may have been the last thing missing. */
  synchronized void dataConnected() {
    dataConnected = true;
    maybeServe();
  }

  /** What the keyspace listener last found: reported, never a reason not to serve. */
  void keyspace(NotificationsStatus status) {
    keyspace = status;
  }

  /** NOT_SERVING for good: nothing flips it back. */
  synchronized void draining() {
    gate.draining();
    health.enterTerminalState();
  }

  boolean serving() {
    return gate.phase() == ServingGate.Phase.SERVING;
  }

  private void maybeServe() {
    if (busConnected && dataConnected && gate.phase() == ServingGate.Phase.STARTING) {
      gate.serving();
      health.setStatus("", ServingStatus.SERVING);
      health.setStatus(Sidecar.SERVICE_NAME, ServingStatus.SERVING);
      log.info("serving: the invalidation channel is subscribed");
    }
  }

  /** What {@code /health} says now. */
  HealthReport report(ReloadOutcome lastReload) {
    InvalidationBus b = bus.get();
    SyncState sync = b.state();
    String detail =
        switch (sync) {
          case CONNECTED -> "invalidations flow";
          case DEGRADED ->
              "sync degraded, reads served from L1: "
                  + b.lastError()
                  + "; "
                  + b.bufferedKeys()
                  + " changes buffered";
          case CONNECTING -> "not ready: " + b.lastError();
          case CLOSED -> "shut down";
        };
    NotificationsStatus k = keyspace;
    if (k != null && k.state() != NotificationsStatus.State.ENABLED) {
      detail += "; keyspace notifications " + k.state() + ": " + k.detail();
    }
    return new HealthReport(
        serving(),
        gate.phase().name(),
        sync.name(),
        detail,
        b.origin(),
        b.channel(),
        lastReload,
        b.redisServer());
  }
}
