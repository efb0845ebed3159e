package io.cachesync.operator.reconcile;

/**
 * The condition types and reasons a CacheSync's status carries, spelled once. Docs, tests, alerts
 * and users search for these exact strings: never rename one, add a new one instead.
 */
public final class Conditions {
  private Conditions() {}

  // types
  public static final String READY = "Ready";
  public static final String CONFIG_RENDERED = "ConfigRendered";
  public static final String ISOLATED = "Isolated";
  public static final String REDIS_REACHABLE = "RedisReachable";
  public static final String REDIS_USER_CONFINED = "RedisUserConfined";
  public static final String KEYSPACE_NOTIFICATIONS = "KeyspaceNotifications";
  public static final String SIDECARS_INJECTED = "SidecarsInjected";

  // Ready
  public static final String RECONCILED = "Reconciled";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String POLICY_VIOLATION = "PolicyViolation";
  public static final String PENDING = "Pending";
  public static final String NOT_ISOLATED = "NotIsolated";
  public static final String REDIS_UNREACHABLE = "RedisUnreachable";
  public static final String KEYSPACE_NOTIFICATIONS_MISSING = "KeyspaceNotificationsMissing";

  /** A pass threw: the message names the error, and JOSDK retries. */
  public static final String RECONCILE_ERROR = "ReconcileError";

  // ConfigRendered (also InvalidSpec, PolicyViolation, Pending)
  public static final String RENDERED = "Rendered";

  // Isolated
  public static final String NOTHING_SHARED = "NothingShared";
  public static final String SHARED_CHANNEL = "SharedChannel";
  public static final String SHARED_L2_PREFIX = "SharedL2Prefix";

  // RedisReachable
  public static final String ANSWERED = "Answered";
  public static final String UNREACHABLE = "Unreachable";

  /** Every master answers, so the sidecars work; some replica or failed node does not. */
  public static final String NODES_UNREACHABLE = "NodesUnreachable";

  // RedisUserConfined (also Unknown)
  public static final String CONFINED = "Confined";
  public static final String TOO_BROAD = "TooBroad";

  // KeyspaceNotifications (also Unknown)
  public static final String NOT_REQUESTED = "NotRequested";
  public static final String ENABLED = "Enabled";
  public static final String FLAGS_MISSING = "FlagsMissing";
  public static final String CONFIG_FORBIDDEN = "ConfigForbidden";
  public static final String UNKNOWN = "Unknown";

  // SidecarsInjected
  public static final String ALL_INJECTED = "AllInjected";
  public static final String PODS_WITHOUT_SIDECAR = "PodsWithoutSidecar";
}
