package io.cachesync.operator.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a Service's ClusterIP reaches this JVM: true inside the network namespace that {@code
 * src/test/netns/bin/java} makes, where the Service CIDR is local on loopback. The API server calls
 * a webhook registered by Service at its ClusterIP; nothing else routes it here (no kube-proxy).
 */
final class ServiceNetwork {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceNetwork.class);

  private ServiceNetwork() {}

  /** True when an address of the Service CIDR can be bound, i.e. it is local here. */
  static boolean routed() {
    return isLocal(anAddressIn(KubeApiServerExtension.SERVICE_CIDR));
  }

  /** Skips {@code what} (a class or test), saying why, where Services are not routed here. */
  static void assumeRouted(String what) {
    if ("routed".equals(System.getenv("CACHESYNC_NETNS")) && !routed()) {
      throw new IllegalStateException(
          "src/test/netns/bin/java made a network namespace, but "
              + KubeApiServerExtension.SERVICE_CIDR
              + " is not local in it: SERVICE_CIDR in operator/pom.xml must equal"
              + " KubeApiServerExtension.SERVICE_CIDR");
    }
    if (routed()) return;
    String why =
        "the webhook is registered by Service and nothing routes its ClusterIP ("
            + KubeApiServerExtension.SERVICE_CIDR
            + ") to this JVM: run the e2e tests through failsafe's e2e execution, whose "
            + "src/test/netns/bin/java makes a network namespace (needs root or user "
            + "namespaces; CACHESYNC_NETNS="
            + System.getenv("CACHESYNC_NETNS")
            + ")";
    // Surefire's reports drop a class-level skip's message, so it is logged too.
    LOG.warn("skipping {}: {}", what, why);
    Assumptions.abort(why);
  }

  static boolean isLocal(InetAddress address) {
    try (ServerSocket probe = new ServerSocket(0, 1, address)) {
      return true;
    } catch (IOException notLocal) {
      return false;
    }
  }

  /** An address inside {@code cidr} other than the network's first ones (10.0.0.0/24: .250). */
  static InetAddress anAddressIn(String cidr) {
    String network = cidr.substring(0, cidr.indexOf('/'));
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(network).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a CIDR: " + cidr, e);
    }
    bytes[bytes.length - 1] = (byte) 250;
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
