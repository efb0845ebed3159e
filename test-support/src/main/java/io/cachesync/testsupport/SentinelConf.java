package io.cachesync.testsupport;

import java.time.Duration;

/**
 * The sentinel.conf of one sentinel. It is a file, not arguments, because a sentinel rewrites its
 * configuration as it learns the topology and refuses to start without a writable one.
 */
record SentinelConf(
    int port,
    String masterName,
    RedisAddress master,
    int quorum,
    Duration downAfter,
    Duration failoverTimeout,
    String password,
    RedisTlsMode tls) {

  String render() {
    String name = masterName;
    StringBuilder conf = new StringBuilder();
    if (tls == null) {
      conf.append("port ").append(port).append('\n');
    } else {
      conf.append(tls.sentinelConf(port)); // TLS only, to clients and to the data nodes
    }
    conf.append("bind ").append(RedisServer.LOOPBACK).append('\n');
    conf.append("daemonize no\n");
    conf.append("protected-mode no\n");
    conf.append("sentinel monitor ")
        .append(name)
        .append(' ')
        .append(master.host())
        .append(' ')
        .append(master.port())
        .append(' ')
        .append(quorum)
        .append('\n');
    conf.append("sentinel down-after-milliseconds ")
        .append(name)
        .append(' ')
        .append(downAfter.toMillis())
        .append('\n');
    conf.append("sentinel failover-timeout ")
        .append(name)
        .append(' ')
        .append(failoverTimeout.toMillis())
        .append('\n');
    conf.append("sentinel parallel-syncs ").append(name).append(" 1\n");
    if (password != null) {
      conf.append("sentinel auth-pass ").append(name).append(' ').append(password).append('\n');
    }
    return conf.toString();
  }
}
