package io.cachesync.spring.boot.actuate;

import io.cachesync.spring.boot.SidecarProbe;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** The sidecar's health as Boot 3's Actuator shows it ({@code /actuator/health/cacheSync}). */
public final class CacheSyncHealthIndicator implements HealthIndicator {
  /** The class this needs; the auto-configuration checks for it. */
  public static final String HEALTH_API = "org.springframework.boot.actuate.health.HealthIndicator";

  private final SidecarProbe probe;

  public CacheSyncHealthIndicator(SidecarProbe probe) {
    this.probe = probe;
  }

  @Override
  public Health health() {
    SidecarProbe.Result r = probe.probe();
    return (r.up() ? Health.up() : Health.down()).withDetails(r.details()).build();
  }
}
