package io.cachesync.consistency;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.consistency.faults.FaultKind;
import io.cachesync.consistency.run.Run;
import io.cachesync.consistency.run.RunResult;
import io.cachesync.testsupport.Teardown;
import io.cachesync.testsupport.sidecar.SidecarJar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A short fixed-seed run of {@code bin/consistency --topology Sentinel}: two sidecars on a master,
 * a replica and three sentinels, the master killed under traffic (and subscribers cut on it), the
 * history checked as on one server.
 */
class SentinelFailoverConsistencyIT {

  @Test
  @DisplayName(
      "15 s on Sentinel with the channel's master SIGKILLed under traffic: one failover happens,"
          + " the sidecars declare it, and no read breaks the model")
  void failoverUnderTraffic() throws Exception {
    ConsistencyOptions options =
        ConsistencyOptions.parse(
            "--topology", "Sentinel",
            "--seed", "1402",
            "--duration", "15s",
            "--sidecars", "2",
            "--strategies", "la,rt,wt,wb",
            "--faults", "failover,pubsub-kill",
            "--fault-every", "2s",
            "--sidecar-jar", SidecarJar.locate().toString());
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    Teardown teardown = new Teardown("sentinel-consistency-it", System.err);
    RunResult r;
    try {
      r = new Run(options, teardown, out).execute();
      new Report(out).print(r);
      out.println(Report.summary(r));
    } finally {
      teardown.run();
      System.out.print(printed.toString(StandardCharsets.UTF_8));
    }
    String report = printed.toString(StandardCharsets.UTF_8);
    assertThat(r.history().faults())
        .as("the master was killed once (a killed master stays dead), and the rest went on")
        .extracting(f -> f.kind())
        .containsOnlyOnce(FaultKind.FAILOVER.label())
        .contains(FaultKind.PUBSUB_KILL.label());
    assertThat(r.history().windows())
        .as("the sidecars declared the failover (not CONNECTED while the master was gone)")
        .isNotEmpty();
    assertThat(r.history().ops()).as("operations").hasSizeGreaterThan(300);
    assertThat(r.verdict().readsChecked()).as("reads checked").isGreaterThan(100);
    assertThat(r.verdict().violations()).as(report).isEmpty();
    assertThat(r.undrained()).as(report).isEmpty();
  }
}
