package io.cachesync.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CertificateTimerTest {
  /** Records the delays asked for instead of waiting them out. */
  static final class RecordingTimer extends ScheduledThreadPoolExecutor {
    final List<Duration> delays = new ArrayList<>();

    RecordingTimer() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      delays.add(Duration.ofMillis(unit.toMillis(delay)));
      return null;
    }
  }

  static CertificateSource answering(boolean settled) {
    return new CertificateSource() {
      @Override
      public boolean check() {
        return settled;
      }

      @Override
      public String problem() {
        return null;
      }
    };
  }

  @Test
  @DisplayName("settled: the next check after the interval; not settled: after 5 s")
  void retriesSoonerUntilSettled() {
    RecordingTimer timer = new RecordingTimer();
    try {
      new CertificateTimer(answering(true), timer, Duration.ofMinutes(1)).run();
      new CertificateTimer(answering(false), timer, Duration.ofMinutes(1)).run();
      new CertificateTimer(answering(false), timer, Duration.ofMillis(100)).run();
      CertificateSource throwing =
          new CertificateSource() {
            @Override
            public boolean check() {
              throw new IllegalStateException("boom");
            }

            @Override
            public String problem() {
              return "boom";
            }
          };
      new CertificateTimer(throwing, timer, Duration.ofMinutes(1)).run();
      assertThat(timer.delays)
          .containsExactly(
              Duration.ofMinutes(1),
              Duration.ofSeconds(5),
              Duration.ofMillis(100),
              Duration.ofSeconds(5));
    } finally {
      timer.shutdownNow();
    }
  }
}
