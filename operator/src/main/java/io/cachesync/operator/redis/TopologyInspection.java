package io.cachesync.operator.redis;

import io.cachesync.operator.model.KeyspaceNotificationsSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What one visit of every data node of a Sentinel or Cluster setup found, as {@link RedisFacts}:
 * reachable when every master answers (the sidecars can work); {@code everyNode} only when every
 * node the topology lists answers, with a message naming those that do not; keyspace flags enabled
 * only when every node that answers has them (replicas too: a replica promoted later must already
 * send them), and, when CONFIG is refused on some node, a message naming each such node and the
 * flags to set there by hand.
 */
final class TopologyInspection {
  private TopologyInspection() {}

  static RedisFacts of(
      RedisTopology topology, List<NodeSetting> seen, KeyspaceNotificationsSpec spec) {
    List<String> silent = new ArrayList<>(topology.down());
    List<String> answered = new ArrayList<>();
    boolean mastersAnswer = !topology.masters().isEmpty();
    for (NodeSetting n : seen) {
      if (n.answered()) {
        answered.add(n.node().describe());
      } else {
        silent.add(n.unreachableSentence());
        mastersAnswer &= !n.node().master();
      }
    }
    String reachability =
        topology.source()
            + ": "
            + (answered.isEmpty() ? "no node answers" : String.join(", ", answered) + " answer")
            + (silent.isEmpty() ? "" : "; not reached: " + String.join("; ", silent));
    boolean every = mastersAnswer && silent.isEmpty();
    if (spec == null || spec.getEvents() == null || spec.getEvents().isEmpty()) {
      return new RedisFacts(
          mastersAnswer,
          reachability,
          mastersAnswer ? RedisFacts.KeyspaceState.NOT_REQUESTED : RedisFacts.KeyspaceState.UNKNOWN,
          mastersAnswer ? "no keyspace events requested" : "Redis did not answer: " + reachability,
          every);
    }
    if (!mastersAnswer) {
      return new RedisFacts(
          false,
          reachability,
          RedisFacts.KeyspaceState.UNKNOWN,
          "Redis did not answer: " + reachability,
          false);
    }
    String required = KeyspaceFlags.required(spec.getEvents());
    List<String> forbidden = new ArrayList<>();
    List<String> lacking = new ArrayList<>();
    List<String> covered = new ArrayList<>();
    for (NodeSetting n : seen) {
      if (!n.answered()) continue;
      if (n.forbidden() != null) {
        forbidden.add(
            n.forbiddenSentence()
                + ": set notify-keyspace-events to include '"
                + required
                + "' there yourself");
      } else if (!n.missing(required).isEmpty()) {
        lacking.add(
            n.node().describe()
                + " has '"
                + n.setting()
                + "', lacking '"
                + n.missing(required)
                + "'");
      } else {
        covered.add(n.node().hostPort());
      }
    }
    String later = silent.isEmpty() ? "" : " (nodes not reached get them once they answer)";
    if (!forbidden.isEmpty()) {
      return new RedisFacts(
          true,
          reachability,
          RedisFacts.KeyspaceState.CONFIG_FORBIDDEN,
          String.join("; ", forbidden)
              + (lacking.isEmpty() ? "" : "; " + String.join("; ", lacking))
              + " (ElastiCache and other managed services: the parameter group's"
              + " notify-keyspace-events), or the sidecars will not see writes that bypass them",
          every);
    }
    if (!lacking.isEmpty()) {
      boolean manage = !Boolean.FALSE.equals(spec.getManage());
      return new RedisFacts(
          true,
          reachability,
          RedisFacts.KeyspaceState.MISSING,
          String.join("; ", lacking)
              + (manage
                  ? ": the operator adds them on its next pass"
                  : " and keyspaceNotifications.manage is false: add '"
                      + required
                      + "' to notify-keyspace-events on each (or set manage: true)")
              + later,
          every);
    }
    return new RedisFacts(
        true,
        reachability,
        RedisFacts.KeyspaceState.ENABLED,
        "notify-keyspace-events covers '"
            + required
            + "' on every node: "
            + String.join(", ", covered)
            + later,
        every);
  }
}
