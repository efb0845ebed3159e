package io.cachesync.consistency.faults;

import static org.awaitility.Awaitility.await;

import io.cachesync.consistency.run.SidecarYaml;
import io.cachesync.testsupport.sidecar.LaunchedSidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A hot reload mid-run: every sidecar's config file is edited (each cache's bounds and ttl change
 * in place, the loader's timeout rebuilds every cache that loads, dropping its entries) while the
 * traffic goes on, and edited back to heal. The file is replaced by a rename, so a sidecar never
 * reads half of it, and each edit waits until every sidecar has logged that it applied it.
 */
final class ConfigReload implements Fault {
  private static final String APPLIED = "config reloaded";

  private final List<LaunchedSidecar> sidecars;
  private final SidecarYaml yaml;

  ConfigReload(List<LaunchedSidecar> sidecars, SidecarYaml yaml) {
    this.sidecars = sidecars;
    this.yaml = yaml;
  }

  @Override
  public FaultKind kind() {
    return FaultKind.CONFIG_RELOAD;
  }

  @Override
  public String inject(Random random) throws IOException {
    rewrite(true);
    return "every sidecar";
  }

  @Override
  public void heal() throws IOException {
    rewrite(false);
  }

  private void rewrite(boolean edited) throws IOException {
    int[] before = new int[sidecars.size()];
    for (int i = 0; i < sidecars.size(); i++) {
      LaunchedSidecar s = sidecars.get(i);
      before[i] = applied(s);
      Path file = s.spec().configFile();
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.writeString(next, yaml.forPort(s.port(), edited));
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
    }
    for (int i = 0; i < sidecars.size(); i++) {
      LaunchedSidecar s = sidecars.get(i);
      int had = before[i];
      await(s.name() + " applies its edited config")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> applied(s) > had);
    }
  }

  private static int applied(LaunchedSidecar s) {
    String log = s.logText();
    int n = 0;
    for (int at = log.indexOf(APPLIED); at >= 0; at = log.indexOf(APPLIED, at + 1)) n++;
    return n;
  }
}
