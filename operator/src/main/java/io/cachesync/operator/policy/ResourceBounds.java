package io.cachesync.operator.policy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The most CPU and memory a CacheSync's sidecar may request or be limited to (chart values {@code
 * policy.maxCpu}, {@code policy.maxMemory}): each selected pod gets one, so an unbounded request is
 * a way to starve the namespace's quota or the node.
 */
public record ResourceBounds(Quantity maxCpu, Quantity maxMemory) {
  public static final Quantity DEFAULT_MAX_CPU = new Quantity("2");
  public static final Quantity DEFAULT_MAX_MEMORY = new Quantity("2Gi");

  public ResourceBounds {
    maxCpu = maxCpu == null ? DEFAULT_MAX_CPU : maxCpu;
    maxMemory = maxMemory == null ? DEFAULT_MAX_MEMORY : maxMemory;
    if (valid(maxCpu) == null || valid(maxMemory) == null) {
      throw new IllegalArgumentException(
          "policy bounds "
              + maxCpu
              + " (cpu) and "
              + maxMemory
              + " (memory) must be quantities, e.g. 2 and 2Gi");
    }
  }

  void check(ResourceRequirements r, List<PolicyViolation> out) {
    if (r == null) return;
    String at = "spec.sidecar.resources";
    if (r.getClaims() != null && !r.getClaims().isEmpty()) {
      out.add(
          new PolicyViolation(
              at + ".claims",
              "" + r.getClaims().size(),
              "the sidecar claims no dynamic resources"));
    }
    Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
    Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
    bounded(at + ".requests", requests, out);
    bounded(at + ".limits", limits, out);
    for (String name : List.of("cpu", "memory")) {
      BigDecimal request = valid(requests.get(name));
      BigDecimal limit = valid(limits.get(name));
      if (request != null && limit != null && request.compareTo(limit) > 0) {
        out.add(
            new PolicyViolation(
                at + ".requests." + name,
                requests.get(name).toString(),
                "a request above its limit ("
                    + limits.get(name)
                    + ") is refused by Kubernetes; request at most the limit"));
      }
    }
  }

  private void bounded(String at, Map<String, Quantity> quantities, List<PolicyViolation> out) {
    for (Map.Entry<String, Quantity> e : quantities.entrySet()) {
      String field = at + "." + e.getKey();
      Quantity max =
          switch (e.getKey()) {
            case "cpu" -> maxCpu;
            case "memory" -> maxMemory;
            default -> null;
          };
      String value = String.valueOf(e.getValue());
      if (max == null) {
        out.add(
            new PolicyViolation(field, value, "only cpu and memory may be set for the sidecar"));
        continue;
      }
      BigDecimal amount = valid(e.getValue());
      if (amount == null) {
        out.add(new PolicyViolation(field, value, "not a quantity; write e.g. 500m or 256Mi"));
      } else if (amount.signum() < 0 || amount.compareTo(amount(max)) > 0) {
        out.add(
            new PolicyViolation(
                field,
                value,
                "the platform allows 0 to "
                    + max
                    + " (chart value policy.max"
                    + (e.getKey().equals("cpu") ? "Cpu" : "Memory")
                    + ")"));
      }
    }
  }

  /** Kubernetes' quantity grammar with a short exponent: 1e999999999 would take ages to expand. */
  private static final java.util.regex.Pattern SHAPE =
      java.util.regex.Pattern.compile(
          "[+-]?([0-9]{1,20}(\\.[0-9]{0,20})?|\\.[0-9]{1,20})(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]{1,2})?");

  static boolean isQuantity(Quantity q) {
    return valid(q) != null;
  }

  private static BigDecimal valid(Quantity q) {
    if (q == null || q.getAmount() == null || q.getAmount().isBlank()) return null;
    if (!SHAPE.matcher(q.toString()).matches()) return null;
    try {
      return amount(q);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static BigDecimal amount(Quantity q) {
    return Quantity.getAmountInBytes(q);
  }
}
