package io.cachesync.operator.policy;

/**
 * What a Secret that does not exist (yet) means. At apply time it may simply be created next; when
 * a pod is admitted it cannot be checked, and the kubelet would read whatever appears under that
 * name later.
 */
public enum MissingSecret {
  ALLOWED,
  REFUSED
}
