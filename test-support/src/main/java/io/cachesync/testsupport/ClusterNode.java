package io.cachesync.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One node as a line of {@code CLUSTER NODES} describes it: {@code <id> <ip:port@bus[,host]>
 * <flags> <master-id|-> <ping> <pong> <epoch> <link> <slot ranges...>}.
 *
 * @param masterId the id of the master a replica follows; null for a master
 * @param failed the cluster agrees the node is down ({@code fail} flag), as after a kill
 * @param slots the slot ranges a master serves (empty for a replica or a failed master)
 */
public record ClusterNode(
    String id,
    RedisAddress address,
    Role role,
    String masterId,
    boolean failed,
    List<SlotRange> slots) {

  public enum Role {
    MASTER,
    REPLICA
  }

  /** Slots {@code from} to {@code to}, both included. */
  public record SlotRange(int from, int to) {
    public boolean contains(int slot) {
      return from <= slot && slot <= to;
    }
  }

  public ClusterNode {
    slots = List.copyOf(slots);
  }

  public boolean isMaster() {
    return role == Role.MASTER;
  }

  public boolean serves(int slot) {
    return slots.stream().anyMatch(range -> range.contains(slot));
  }

  /** Parses one line of {@code CLUSTER NODES}. */
  static ClusterNode parse(String line) {
    String[] f = line.strip().split(" ");
    if (f.length < 8) throw new IllegalArgumentException("not a CLUSTER NODES line: " + line);
    String hostPort = f[1].split("[@,]")[0];
    int colon = hostPort.lastIndexOf(':');
    RedisAddress address =
        new RedisAddress(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    Set<String> flags = Set.of(f[2].split(","));
    Role role = flags.contains("slave") ? Role.REPLICA : Role.MASTER;
    List<SlotRange> slots = new ArrayList<>();
    for (int i = 8; i < f.length; i++) {
      if (f[i].startsWith("[")) continue; // a slot being migrated, not served
      String[] range = f[i].split("-");
      int from = Integer.parseInt(range[0]);
      slots.add(new SlotRange(from, range.length == 2 ? Integer.parseInt(range[1]) : from));
    }
    return new ClusterNode(
        f[0], address, role, "-".equals(f[3]) ? null : f[3], flags.contains("fail"), slots);
  }

  /** Parses a whole {@code CLUSTER NODES} reply. */
  static List<ClusterNode> parseAll(String reply) {
    return reply.lines().filter(line -> !line.isBlank()).map(ClusterNode::parse).toList();
  }
}
