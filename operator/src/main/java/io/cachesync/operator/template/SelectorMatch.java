package io.cachesync.operator.template;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes label selector semantics, as the API server applies them: {@code matchLabels} and
 * every {@code matchExpressions} requirement must hold. A missing selector selects nothing (so a
 * CacheSync without one injects nowhere); an empty one selects every pod, as in a NetworkPolicy.
 */
public final class SelectorMatch {
  private SelectorMatch() {}

  /**
   * @throws IllegalArgumentException when the selector is not one the API server would accept, with
   *     the first of its {@link #problems}
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) return false;
    List<String> problems = problems(selector);
    if (!problems.isEmpty()) throw new IllegalArgumentException(problems.get(0));
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) return false;
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (!holds(r, l)) return false;
      }
    }
    return true;
  }

  /** What is wrong with a selector, each naming its field under {@code spec.selector}. */
  public static List<String> problems(LabelSelector selector) {
    List<String> p = new ArrayList<>();
    if (selector == null || selector.getMatchExpressions() == null) return p;
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      LabelSelectorRequirement r = expressions.get(i);
      String at = "spec.selector.matchExpressions[" + i + "]";
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      if (r.getKey() == null || r.getKey().isBlank()) p.add(at + ".key: required");
      String op = r.getOperator();
      if ("In".equals(op) || "NotIn".equals(op)) {
        if (values.isEmpty()) p.add(at + ".values: " + op + " needs at least one value");
      } else if ("Exists".equals(op) || "DoesNotExist".equals(op)) {
        if (!values.isEmpty()) p.add(at + ".values: " + op + " takes no values");
      } else {
        p.add(at + ".operator: '" + op + "' is not one of In, NotIn, Exists, DoesNotExist");
      }
    }
    return p;
  }

  private static boolean holds(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    return switch (r.getOperator()) {
      case "In" -> value != null && r.getValues().contains(value);
      case "NotIn" -> value == null || !r.getValues().contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> throw new IllegalStateException("checked by problems(): " + r.getOperator());
    };
  }
}
