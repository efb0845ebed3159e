package io.cachesync.operator.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's version, learned once at start: it decides between a native sidecar (an init
 * container with {@code restartPolicy: Always}, on by default from 1.29) and a regular container.
 * An unknown version counts as old, because a native sidecar on an old server is rejected while a
 * regular container works everywhere.
 */
public record KubernetesVersion(int major, int minor) {
  private static final Logger log = LoggerFactory.getLogger(KubernetesVersion.class);

  public static final KubernetesVersion UNKNOWN = new KubernetesVersion(0, 0);

  public boolean nativeSidecars() {
    return major > 1 || (major == 1 && minor >= 29);
  }

  /** Managed clusters report minors like {@code 29+}: the digits are what counts. */
  public static KubernetesVersion parse(String major, String minor) {
    try {
      return new KubernetesVersion(digits(major), digits(minor));
    } catch (NumberFormatException e) {
      return UNKNOWN;
    }
  }

  public static KubernetesVersion of(KubernetesClient client) {
    try {
      VersionInfo info = client.getKubernetesVersion();
      KubernetesVersion v = parse(info.getMajor(), info.getMinor());
      log.info(
          "Kubernetes {}.{}: the sidecar is injected as {}",
          info.getMajor(),
          info.getMinor(),
          v.nativeSidecars() ? "a native sidecar (init container)" : "a regular container");
      return v;
    } catch (RuntimeException e) {
      log.warn(
          "cannot read the Kubernetes version ({}); injecting the sidecar as a regular container",
          e.toString());
      return UNKNOWN;
    }
  }

  private static int digits(String s) {
    if (s == null) throw new NumberFormatException("null");
    String d = s.replaceAll("[^0-9].*$", "");
    return Integer.parseInt(d);
  }
}
