package io.cachesync.operator.template;

/**
 * The labels and annotations by which a pod says it has, or wants no, sidecar: written by the
 * webhook, read by the reconciler's pod counts.
 */
public final class PodMarks {
  /** Annotation naming the CacheSync whose sidecar a pod was given. */
  public static final String INJECTED = "cachesync.io/injected";

  /** Annotation with the hash of the injected sidecar, which tells an outdated pod. */
  public static final String SIDECAR_HASH = "cachesync.io/sidecar-hash";

  /** Opt-out, as an annotation or a label: {@code cachesync.io/inject: "false"}. */
  public static final String OPT_OUT = "cachesync.io/inject";

  /** The label that marks the operator's own pods, which are never injected. */
  public static final String OPERATOR_LABEL = "app.kubernetes.io/name";

  public static final String OPERATOR_NAME = "cachesync-operator";

  private PodMarks() {}
}
