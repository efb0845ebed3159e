package io.cachesync.operator.policy;

/**
 * One thing a CacheSync asks for that the platform's policy does not allow.
 *
 * @param field where, e.g. {@code spec.sidecar.image}
 * @param value what the CacheSync gave (a token, an image, a Secret's name)
 * @param allowed what would be accepted instead, in words a person can act on
 */
public record PolicyViolation(String field, String value, String allowed) {
  public String message() {
    return field + ": '" + value + "' is not allowed: " + allowed;
  }

  @Override
  public String toString() {
    return message();
  }
}
