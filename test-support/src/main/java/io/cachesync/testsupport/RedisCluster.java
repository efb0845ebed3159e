package io.cachesync.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster on loopback: three masters and three replicas, each a real redis-server with
 * {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster create}. {@link #start}
 * returns once every node says {@code cluster_state:ok} with all 16384 slots served and every
 * replica has synced, so a failover can happen at once; {@link #killMaster} and {@link
 * #awaitFailover} drive one.
 *
 * <p>Nodes time out after 1 s (not Redis's 15 s), and a replica promotes itself however stale it
 * is, so a failover takes a few seconds.
 */
public final class RedisCluster implements AutoCloseable {

  /** Every key and shard channel hashes to one of this many slots. */
  public static final int SLOTS = 16_384;

  private static final Logger LOG = LoggerFactory.getLogger(RedisCluster.class);
  private static final int MASTERS = 3;
  private static final int REPLICAS_PER_MASTER = 1;
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  private static final int BUS_PORT_ATTEMPTS = 5;

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<String> lastNodeArgs;
  private final RedisTlsMode tls;
  private ClusterNode killedMaster;
  private Set<String> killedMastersReplicas = Set.of();
  private boolean closed;

  private RedisCluster(List<String> lastNodeArgs, RedisTlsMode tls) {
    this.lastNodeArgs = List.copyOf(lastNodeArgs);
    this.tls = tls;
  }

  /**
   * Starts six nodes, joins them and waits until the cluster is whole.
   *
   * @throws IllegalStateException if a node does not start, redis-cli is missing or fails, or the
   *     cluster does not settle within 30 s; the message says what each node saw
   */
  public static RedisCluster start() {
    return startWithArgsOnOneReplica();
  }

  /**
   * As {@link #start()}, with {@code extraArgs} for one node only, {@link #nodeWithExtraArgs()}:
   * the last one handed to {@code redis-cli --cluster create}, which makes it a replica. For a node
   * unlike the others, e.g. {@code "--rename-command", "CONFIG", ""} as managed Redis does.
   */
  public static RedisCluster startWithArgsOnOneReplica(String... extraArgs) {
    return start(new RedisCluster(List.of(extraArgs), null));
  }

  /**
   * As {@link #start()}, every node listening with TLS only ({@code tls}'s certificate, which must
   * name 127.0.0.1), replicating and running the cluster bus over TLS ({@code tls-cluster}), and
   * joined by {@code redis-cli --tls}; {@link #seedUri()} is then a {@code rediss://} URL. Needs a
   * redis-server on PATH built with TLS.
   *
   * @throws IllegalArgumentException if the nodes could not authenticate each other on the bus: a
   *     certificate for servers only ({@code TestCertificates.server}) without client certificates
   *     required (whose probe certificate the nodes then present)
   */
  public static RedisCluster startTls(RedisTlsMode tls) {
    if (tls.probe() == null && !forClients(tls.server().certificate())) {
      throw new IllegalArgumentException(
          "the nodes of a TLS cluster authenticate each other on the cluster bus, so their"
              + " certificate must also be for client authentication: issue it with"
              + " TestCertificates.node(...), or require client certificates");
    }
    return start(new RedisCluster(List.of(), tls));
  }

  private static boolean forClients(java.security.cert.X509Certificate certificate) {
    try {
      List<String> purposes = certificate.getExtendedKeyUsage();
      return purposes == null || purposes.contains("1.3.6.1.5.5.7.3.2"); // id-kp-clientAuth
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
  }

  private static RedisCluster start(RedisCluster cluster) {
    LocalRedisBinary binary = LocalRedisBinary.find();
    try {
      cluster.launch(binary);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
    LOG.info("redis cluster up: {}", cluster.nodes());
    return cluster;
  }

  /** The node started with the extra arguments of {@link #startWithArgsOnOneReplica}. */
  public synchronized RedisAddress nodeWithExtraArgs() {
    return address(servers.get(servers.size() - 1));
  }

  /**
   * Kills replica {@code node} with SIGKILL; the cluster flags it failed after the node timeout and
   * keeps serving every slot.
   *
   * @throws IllegalArgumentException if {@code node} is not a replica of this cluster
   */
  public synchronized void killReplica(RedisAddress node) {
    boolean replica = nodes().stream().anyMatch(n -> n.address().equals(node) && !n.isMaster());
    if (!replica) throw new IllegalArgumentException(node + " is not a replica: " + nodes());
    server(node).stop();
    LOG.info("killed replica {}", node);
  }

  /** A running node to hand a cluster client as its seed (topology is discovered from it). */
  public synchronized RedisAddress seed() {
    return servers.stream()
        .filter(RedisServer::isRunning)
        .map(RedisCluster::address)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
  }

  /** {@link #seed()} as a URL for a cluster client: {@code rediss://} on a TLS cluster. */
  public String seedUri() {
    return (tls == null ? "redis://" : "rediss://") + seed();
  }

  /** Every node as the seed sees it now, failed ones included. */
  public List<ClusterNode> nodes() {
    return ClusterNode.parseAll(seed().command("CLUSTER", "NODES"));
  }

  /** The masters that serve slots now. */
  public List<ClusterNode> masters() {
    return nodes().stream()
        .filter(n -> n.isMaster() && !n.failed() && !n.slots().isEmpty())
        .toList();
  }

  /** The slot of a key or a shard channel ({@code SPUBLISH} hashes a channel like a key). */
  public int slotOf(String keyOrShardChannel) {
    return Integer.parseInt(seed().command("CLUSTER", "KEYSLOT", keyOrShardChannel));
  }

  /** The master that holds {@code keyOrShardChannel}'s slot now. */
  public RedisAddress masterFor(String keyOrShardChannel) {
    int slot = slotOf(keyOrShardChannel);
    return masters().stream()
        .filter(master -> master.serves(slot))
        .map(ClusterNode::address)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no master serves slot " + slot));
  }

  /**
   * Kills master {@code node} with SIGKILL, as a crash would, and returns it as it was.
   *
   * @throws IllegalArgumentException if {@code node} is not a serving master of this cluster
   */
  public synchronized ClusterNode killMaster(RedisAddress node) {
    List<ClusterNode> view = nodes();
    ClusterNode master =
        view.stream()
            .filter(n -> n.address().equals(node) && n.isMaster() && !n.failed())
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(node + " is not a serving master: " + view));
    server(node).stop();
    killedMaster = master;
    killedMastersReplicas =
        view.stream()
            .filter(n -> master.id().equals(n.masterId()))
            .map(ClusterNode::id)
            .collect(Collectors.toUnmodifiableSet());
    LOG.info("killed master {} (slots {})", node, master.slots());
    return master;
  }

  /**
   * Waits until a replica of the killed master serves its slots and every running node says {@code
   * cluster_state:ok} with all slots served; returns the promoted node.
   *
   * @throws IllegalStateException if no master was killed, or no failover happens within 30 s
   */
  public RedisAddress awaitFailover() {
    ClusterNode killed;
    Set<String> candidates;
    synchronized (this) {
      killed = killedMaster;
      candidates = killedMastersReplicas;
    }
    if (killed == null) {
      throw new IllegalStateException("no master was killed; call killMaster(node) first");
    }
    int slot = killed.slots().get(0).from();
    RedisAddress[] promoted = new RedisAddress[1];
    Poll.until(
        SETTLE_TIMEOUT,
        "a replica of " + killed.address() + " serves its slots and the cluster is ok",
        () -> {
          Optional<ClusterNode> heir =
              masters().stream()
                  .filter(m -> candidates.contains(m.id()) && m.serves(slot))
                  .findFirst();
          if (heir.isEmpty() || !everyRunningNodeIsOk()) return false;
          promoted[0] = heir.get().address();
          return true;
        },
        this::describe);
    LOG.info("replica {} took over from {}", promoted[0], killed.address());
    return promoted[0];
  }

  /**
   * Waits until every running replica has applied all its master has, so that a write acknowledged
   * before a kill survives the failover (replication is asynchronous).
   */
  public void awaitReplicasInSync() {
    Poll.until(
        SETTLE_TIMEOUT,
        "every replica has its master's replication offset",
        () ->
            runningNodes().stream()
                .filter(n -> !n.isMaster())
                .allMatch(
                    replica ->
                        offset(replica.address()).equals(offset(addressOf(replica.masterId())))),
        this::describe);
  }

  /** Stops every node and removes its temp dir; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    servers.forEach(RedisServer::close);
  }

  private synchronized void launch(LocalRedisBinary binary) {
    int count = MASTERS * (1 + REPLICAS_PER_MASTER);
    for (int i = 0; i < count; i++) {
      servers.add(startNode(binary, i == count - 1 ? lastNodeArgs : List.of(), tls));
    }
    List<RedisAddress> addresses = servers.stream().map(RedisCluster::address).toList();
    ClusterCreate.join(addresses, REPLICAS_PER_MASTER, tls == null ? List.of() : tls.cliArgs());
    int replicas = MASTERS * REPLICAS_PER_MASTER;
    Poll.until(
        SETTLE_TIMEOUT,
        "every node is ok with "
            + addresses.size()
            + " nodes known, "
            + replicas
            + " replicas seen and linked",
        () ->
            everyRunningNodeIsOk()
                && addresses.stream()
                    .allMatch(
                        a -> {
                          List<ClusterNode> view =
                              ClusterNode.parseAll(a.command("CLUSTER", "NODES"));
                          return view.size() == addresses.size()
                              && view.stream().filter(n -> !n.isMaster()).count() == replicas;
                        })
                && runningNodes().stream()
                    .filter(n -> !n.isMaster())
                    .allMatch(
                        n ->
                            RedisInfo.field(n.address(), "replication", "master_link_status")
                                .filter("up"::equals)
                                .isPresent()),
        this::describe);
  }

  /**
   * One node on a free port with a free cluster bus port ({@code --cluster-port}): the default,
   * port + 10000, may be taken or above 65535 for the high ports the kernel hands out.
   */
  private static RedisServer startNode(
      LocalRedisBinary binary, List<String> extraArgs, RedisTlsMode tls) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<String> args =
            new ArrayList<>(
                List.of(
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    Long.toString(NODE_TIMEOUT.toMillis()),
                    "--cluster-port",
                    Integer.toString(FreePort.pick()),
                    // promote a replica however long it was cut off: tests kill masters on purpose
                    "--cluster-replica-validity-factor",
                    "0"));
        args.addAll(extraArgs);
        if (tls == null)
          return RedisServer.startWith(binary.provider(), args.toArray(String[]::new));
        args.addAll(tls.replicationArgs());
        args.addAll(List.of("--tls-cluster", "yes")); // the bus too, and announce the TLS port
        return RedisServer.startTls(tls, args.toArray(String[]::new));
      } catch (IllegalStateException e) {
        boolean portTaken = e.getMessage().toLowerCase().contains("address already in use");
        if (!portTaken || attempt == BUS_PORT_ATTEMPTS) throw e;
      }
    }
  }

  private boolean everyRunningNodeIsOk() {
    return runningServers().stream()
        .allMatch(
            a -> {
              String info = a.command("CLUSTER", "INFO");
              return RedisInfo.field(info, "cluster_state").filter("ok"::equals).isPresent()
                  && RedisInfo.field(info, "cluster_slots_ok")
                      .filter(Integer.toString(SLOTS)::equals)
                      .isPresent();
            });
  }

  private List<ClusterNode> runningNodes() {
    return nodes().stream().filter(n -> !n.failed()).toList();
  }

  private synchronized List<RedisAddress> runningServers() {
    return servers.stream().filter(RedisServer::isRunning).map(RedisCluster::address).toList();
  }

  private RedisAddress addressOf(String nodeId) {
    return nodes().stream()
        .filter(n -> n.id().equals(nodeId))
        .map(ClusterNode::address)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no node " + nodeId));
  }

  private static String offset(RedisAddress node) {
    return RedisInfo.field(node, "replication", "master_repl_offset").orElse("?");
  }

  private synchronized RedisServer server(RedisAddress node) {
    return servers.stream()
        .filter(s -> address(s).equals(node))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(node + " is not a node of this cluster"));
  }

  private static RedisAddress address(RedisServer server) {
    return RedisAddress.loopback(server.port());
  }

  /** What each node says about the cluster, for a timeout's message. */
  private String describe() {
    StringBuilder seen = new StringBuilder();
    for (RedisAddress node : runningServers()) {
      seen.append("node ").append(node).append(": ");
      try {
        String info = node.command("CLUSTER", "INFO");
        seen.append(RedisInfo.field(info, "cluster_state").orElse("?"))
            .append(", slots ok ")
            .append(RedisInfo.field(info, "cluster_slots_ok").orElse("?"))
            .append(", known ")
            .append(RedisInfo.field(info, "cluster_known_nodes").orElse("?"))
            .append(System.lineSeparator())
            .append(node.command("CLUSTER", "NODES"));
      } catch (RuntimeException e) {
        seen.append("(unreachable: ").append(e.getMessage()).append(')');
      }
      seen.append(System.lineSeparator());
    }
    return seen.toString();
  }
}
