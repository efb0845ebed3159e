package io.cachesync.consistency.faults;

import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.util.List;
import java.util.Random;

/**
 * A fault of one sidecar, picked at random: SIGSTOP, as a long GC pause or a throttled container
 * (healed by SIGCONT); or SIGKILL, no drain and no shutdown hook, so its write-behind entries in
 * flight are taken over by the others (healed by starting it again from its spec and waiting for
 * SERVING).
 */
final class SidecarFault implements Fault {
  private final FaultKind kind;
  private final List<LaunchedSidecar> sidecars;
  private LaunchedSidecar hit;

  SidecarFault(FaultKind kind, List<LaunchedSidecar> sidecars) {
    this.kind = kind;
    this.sidecars = sidecars;
  }

  @Override
  public FaultKind kind() {
    return kind;
  }

  @Override
  public String inject(Random random) {
    hit = sidecars.get(random.nextInt(sidecars.size()));
    if (kind == FaultKind.SIDECAR_PAUSE) hit.pause();
    else hit.kill();
    return hit.name();
  }

  @Override
  public void heal() {
    if (kind == FaultKind.SIDECAR_PAUSE) {
      hit.resume();
    } else {
      hit.restart();
      hit.awaitServing();
    }
  }
}
