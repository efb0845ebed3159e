package io.cachesync.operator.redis;

/**
 * No sentinel or seed node said what the topology is; the message names each one asked and what it
 * answered, so a person knows which address or master name to check.
 */
final class TopologyUnknown extends RuntimeException {
  TopologyUnknown(String message) {
    super(message, null, false, false);
  }
}
