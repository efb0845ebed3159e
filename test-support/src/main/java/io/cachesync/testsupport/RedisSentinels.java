package io.cachesync.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Sentinel topology on loopback: a master, one replica and three sentinels (quorum 2) that watch
 * it, each a real redis-server process. {@link #start} returns once every sentinel names the master
 * and sees the replica and the two other sentinels, so a failover can happen at once; {@link
 * #killMaster} and {@link #awaitFailover} drive one.
 *
 * <p>Sentinels detect a dead master after {@link Options#downAfter} (1 s by default), so a failover
 * takes a few seconds, not the 30 s of Redis's defaults.
 */
public final class RedisSentinels implements AutoCloseable {

  public static final String DEFAULT_MASTER_NAME = "mymaster";

  private static final Logger LOG = LoggerFactory.getLogger(RedisSentinels.class);
  private static final int SENTINELS = 3;
  private static final int QUORUM = 2;
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final String SAFE = "[A-Za-z0-9._-]+";

  /**
   * How the sentinels watch the master.
   *
   * @param masterName the name clients ask the sentinels for ({@code mymaster} when null)
   * @param downAfter how long the master must be silent before a sentinel calls it down (1 s)
   * @param failoverTimeout Sentinel's {@code failover-timeout} (3 s); a failed election is retried
   *     after twice this
   * @param password when not null, the master and replica require it ({@code requirepass}, also
   *     their {@code masterauth}) and the sentinels use it ({@code auth-pass}); sentinels
   *     themselves stay open, as Lettuce's URI password is for the data nodes only
   * @param tls when not null, every process (data nodes and sentinels) listens with TLS only, with
   *     its certificate (which must name 127.0.0.1), and replicates and monitors over TLS; {@link
   *     #sentinelUri()} is then {@code rediss-sentinel://}
   */
  public record Options(
      String masterName,
      Duration downAfter,
      Duration failoverTimeout,
      String password,
      RedisTlsMode tls) {
    public Options {
      masterName = masterName == null ? DEFAULT_MASTER_NAME : masterName;
      if (!masterName.matches(SAFE)) {
        throw new IllegalArgumentException(
            "master name '" + masterName + "' must be letters, digits, '.', '_' or '-'");
      }
      downAfter = downAfter == null ? Duration.ofSeconds(1) : downAfter;
      failoverTimeout = failoverTimeout == null ? Duration.ofSeconds(3) : failoverTimeout;
      // it goes into a URI and a conf line unescaped
      if (password != null && !password.matches(SAFE)) {
        throw new IllegalArgumentException(
            "the password must be letters, digits, '.', '_' or '-' (it goes into a URI)");
      }
    }

    /** Without TLS. */
    public Options(
        String masterName, Duration downAfter, Duration failoverTimeout, String password) {
      this(masterName, downAfter, failoverTimeout, password, null);
    }

    /** Without a password. */
    public Options(String masterName, Duration downAfter, Duration failoverTimeout) {
      this(masterName, downAfter, failoverTimeout, null, null);
    }

    public static Options defaults() {
      return new Options(null, null, null, null, null);
    }

    public Options withPassword(String password) {
      return new Options(masterName, downAfter, failoverTimeout, password, tls);
    }

    /** Every process over TLS only; needs a redis-server on PATH built with TLS. */
    public Options withTls(RedisTlsMode tls) {
      return new Options(masterName, downAfter, failoverTimeout, password, tls);
    }
  }

  private final Options options;
  private final List<RedisServer> dataNodes = new ArrayList<>();
  private final List<SentinelProcess> sentinels = new ArrayList<>();
  private RedisAddress killedMaster;
  private boolean closed;

  private RedisSentinels(Options options) {
    this.options = options;
  }

  public static RedisSentinels start() {
    return start(Options.defaults());
  }

  /**
   * Starts the master, the replica (waiting until it has synced), then the sentinels, and waits
   * until they agree.
   *
   * @throws IllegalStateException if a process does not start or the topology does not settle
   *     within 30 s; the message says what each sentinel saw
   */
  public static RedisSentinels start(Options options) {
    LocalRedisBinary binary = LocalRedisBinary.find();
    RedisSentinels topology = new RedisSentinels(options);
    try {
      topology.launch(binary);
    } catch (RuntimeException e) {
      topology.close();
      throw e;
    }
    LOG.info(
        "sentinels {} watch master {} with replica {}",
        topology.sentinelAddresses(),
        topology.dataNodes().get(0),
        topology.dataNodes().get(1));
    return topology;
  }

  public String masterName() {
    return options.masterName();
  }

  public synchronized List<RedisAddress> sentinelAddresses() {
    return sentinels.stream().map(SentinelProcess::address).toList();
  }

  /**
   * {@code redis-sentinel://127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3#mymaster}, as Lettuce takes it;
   * with the data nodes' password before the first host when there is one.
   */
  public String sentinelUri() {
    String credentials = options.password() == null ? "" : options.password() + "@";
    return (options.tls() == null ? "redis-sentinel://" : "rediss-sentinel://")
        + credentials
        + sentinelAddresses().stream().map(RedisAddress::toString).collect(Collectors.joining(","))
        + "#"
        + masterName();
  }

  /** The master and the replica as started (the master first), whatever their roles are now. */
  public synchronized List<RedisAddress> dataNodes() {
    return dataNodes.stream().map(RedisSentinels::address).toList();
  }

  /** The master the first answering sentinel names now. */
  public RedisAddress master() {
    for (RedisAddress sentinel : sentinelAddresses()) {
      try {
        Optional<RedisAddress> named = masterNamedBy(sentinel);
        if (named.isPresent()) return named.get();
      } catch (RuntimeException e) {
        LOG.debug("sentinel {} did not answer: {}", sentinel, e.getMessage());
      }
    }
    throw new IllegalStateException("no sentinel of " + sentinelAddresses() + " names a master");
  }

  /**
   * Kills the current master with SIGKILL, as a crash would, and returns its address.
   *
   * @throws IllegalStateException if the master the sentinels name is not one of ours (already
   *     killed and not yet replaced)
   */
  public synchronized RedisAddress killMaster() {
    RedisAddress master = master();
    RedisServer server =
        dataNodes.stream()
            .filter(node -> address(node).equals(master) && node.isRunning())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the sentinels name "
                            + master
                            + " as master, which is not a running node of this setup; await"
                            + " the failover first"));
    server.stop();
    killedMaster = master;
    LOG.info("killed master {}", master);
    return master;
  }

  /**
   * Waits until every sentinel names the same new master and that node answers {@code ROLE} as a
   * master; returns it.
   *
   * @throws IllegalStateException if no master was killed, or no failover happens within 30 s
   */
  public RedisAddress awaitFailover() {
    RedisAddress killed;
    synchronized (this) {
      killed = killedMaster;
    }
    if (killed == null) {
      throw new IllegalStateException("no master was killed; call killMaster() first");
    }
    RedisAddress[] promoted = new RedisAddress[1];
    Poll.until(
        SETTLE_TIMEOUT,
        "the sentinels promote a new master in place of " + killed,
        () -> {
          List<Optional<RedisAddress>> named =
              sentinelAddresses().stream().map(this::masterNamedBy).toList();
          Optional<RedisAddress> first = named.get(0);
          if (first.isEmpty() || first.get().equals(killed)) return false;
          if (!named.stream().allMatch(first::equals)) return false;
          promoted[0] = first.get();
          return dataCommand(promoted[0], "ROLE").startsWith("[master,");
        },
        this::describe);
    LOG.info("sentinels promoted {} in place of {}", promoted[0], killed);
    return promoted[0];
  }

  /**
   * Starts the master {@link #killMaster} killed again, on its port with its arguments; the
   * sentinels then make it a replica of the new master. Returns its address.
   *
   * @throws IllegalStateException if no master was killed
   */
  public synchronized RedisAddress restartKilledMaster() {
    if (killedMaster == null) {
      throw new IllegalStateException("no master was killed; call killMaster() first");
    }
    RedisAddress killed = killedMaster;
    dataNodes.stream()
        .filter(node -> address(node).equals(killed))
        .findFirst()
        .orElseThrow()
        .restart();
    LOG.info("restarted the old master {}", killed);
    return killed;
  }

  /** Stops the sentinels first (so they start no failover), then the data nodes; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    sentinels.forEach(SentinelProcess::close);
    dataNodes.forEach(RedisServer::close);
  }

  private synchronized void launch(LocalRedisBinary binary) {
    List<String> auth =
        options.password() == null
            ? List.of()
            : List.of("--requirepass", options.password(), "--masterauth", options.password());
    RedisTlsMode tls = options.tls();
    List<String> masterArgs = new ArrayList<>(auth);
    if (tls != null) masterArgs.addAll(tls.replicationArgs());
    RedisServer master = startDataNode(binary, masterArgs);
    dataNodes.add(master);
    List<String> replicaArgs = new ArrayList<>(masterArgs);
    replicaArgs.addAll(List.of("--replicaof", master.host(), Integer.toString(master.port())));
    RedisServer replica = startDataNode(binary, replicaArgs);
    dataNodes.add(replica);
    // a sentinel finds replicas in the master's INFO, so the replica must be linked before
    // the sentinels first ask, or they would only learn of it ten seconds later
    Poll.until(
        SETTLE_TIMEOUT,
        "replica " + address(replica) + " is linked to master " + address(master),
        () ->
            RedisInfo.field(
                    dataCommand(address(replica), "INFO", "replication"), "master_link_status")
                .filter("up"::equals)
                .isPresent(),
        this::describe);
    RedisAddress masterAddress = address(master);
    for (int i = 0; i < SENTINELS; i++) {
      sentinels.add(
          SentinelProcess.start(
              binary.path(),
              tls,
              port ->
                  new SentinelConf(
                      port,
                      options.masterName(),
                      masterAddress,
                      QUORUM,
                      options.downAfter(),
                      options.failoverTimeout(),
                      options.password(),
                      tls)));
    }
    String agreed = "status=ok,address=" + masterAddress + ",slaves=1,sentinels=" + SENTINELS;
    Poll.until(
        SETTLE_TIMEOUT,
        "every sentinel reports " + agreed,
        () -> sentinels.stream().allMatch(s -> sentinelView(s.address()).endsWith(agreed)),
        this::describe);
  }

  private RedisServer startDataNode(LocalRedisBinary binary, List<String> args) {
    String[] array = args.toArray(String[]::new);
    return options.tls() == null
        ? RedisServer.startWith(binary.provider(), array)
        : RedisServer.startTls(options.tls(), array);
  }

  private static Optional<RedisAddress> masterNamedBy(RedisAddress sentinel, String name) {
    String reply = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name);
    if (!reply.startsWith("[")) return Optional.empty();
    String[] hostPort = reply.substring(1, reply.length() - 1).split(", ");
    if (hostPort.length != 2) return Optional.empty();
    return Optional.of(new RedisAddress(hostPort[0], Integer.parseInt(hostPort[1])));
  }

  private Optional<RedisAddress> masterNamedBy(RedisAddress sentinel) {
    return masterNamedBy(sentinel, masterName());
  }

  /** The {@code master0:} line of a sentinel's {@code INFO sentinel}, or an empty string. */
  private static String sentinelView(RedisAddress sentinel) {
    return RedisInfo.field(sentinel, "sentinel", "master0").orElse("");
  }

  /** Sends a command to a master or replica of this setup, authenticated when it has a password. */
  public String dataCommand(RedisAddress node, String... args) {
    return RedisCli.authenticated(node.host(), node.port(), options.password(), args);
  }

  private static RedisAddress address(RedisServer server) {
    return RedisAddress.loopback(server.port());
  }

  /** What each process says about the topology, for a timeout's message. */
  private String describe() {
    StringBuilder seen = new StringBuilder();
    for (RedisServer node : List.copyOf(dataNodes)) {
      seen.append("node ")
          .append(address(node))
          .append(": ")
          .append(probe(() -> dataCommand(address(node), "ROLE")));
      seen.append(System.lineSeparator());
    }
    for (SentinelProcess sentinel : List.copyOf(sentinels)) {
      seen.append("sentinel ")
          .append(sentinel.address())
          .append(": ")
          .append(
              probe(() -> sentinel.address().command("INFO", "sentinel"))
                  .lines()
                  .filter(l -> l.startsWith("master0:"))
                  .findFirst()
                  .orElse("(no master0 line)"))
          .append(System.lineSeparator())
          .append(sentinel.logTail())
          .append(System.lineSeparator());
    }
    return seen.toString();
  }

  private static String probe(Supplier<String> command) {
    try {
      return command.get();
    } catch (RuntimeException e) {
      return "(unreachable: " + e.getMessage() + ")";
    }
  }
}
