package io.cachesync.testsupport;

import java.util.Optional;

/**
 * Reads one field of an {@code INFO} reply ({@code field:value} lines), the way the topology
 * fixtures see roles, links and sentinel views without a client library.
 */
final class RedisInfo {

  private RedisInfo() {}

  /**
   * The value of {@code field} in {@code INFO section} at {@code address}, if the line is there.
   */
  static Optional<String> field(RedisAddress address, String section, String field) {
    return field(address.command("INFO", section), field);
  }

  static Optional<String> field(String info, String field) {
    String prefix = field + ":";
    return info.lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()).strip())
        .findFirst();
  }
}
