package io.cachesync.operator.webhook.tls;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs certificate checks: every {@code interval} while all is in place, sooner while it is not (a
 * webhook configuration the chart has not created yet, a Secret that cannot be written), because
 * until then the API server cannot call the webhook and pods start without a sidecar.
 */
final class CertificateTimer implements Runnable {
  static final Duration RETRY = Duration.ofSeconds(5);

  private final CertificateSource source;
  private final ScheduledExecutorService timer;
  private final Duration interval;

  CertificateTimer(CertificateSource source, ScheduledExecutorService timer, Duration interval) {
    this.source = source;
    this.timer = timer;
    this.interval = interval;
  }

  /** One check now, and the next one scheduled. */
  @Override
  public void run() {
    boolean settled;
    try {
      settled = source.check();
    } catch (RuntimeException e) {
      settled = false; // a check never throws; if one does, the timer must still go on
    }
    Duration next = settled || interval.compareTo(RETRY) < 0 ? interval : RETRY;
    try {
      timer.schedule(this, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: no more checks
    }
  }
}
