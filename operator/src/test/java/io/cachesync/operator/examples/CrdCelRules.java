package io.cachesync.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a CRD's CEL rules ({@code x-kubernetes-validations}) on an object the way the API
 * server does on a create: on the defaulted object ({@link CrdSchema#admitted}), once per node the
 * rule sits on ({@code [*]}: every item), with the node as {@code self}; a rule that is false or
 * fails to evaluate is a problem at its {@code fieldPath}, worded like Kubernetes' own.
 *
 * <p>Not faithful in everything: {@code self} is typed {@code dyn} (Kubernetes types it from the
 * schema, so a rule naming a field the schema lacks is rejected when the CRD is created, here only
 * when evaluated); Kubernetes' own libraries (quantity, url, ip, cidr, format, semver) and cost
 * limits are absent; {@code messageExpression} and transition rules ({@code oldSelf}) are refused.
 */
public final class CrdCelRules {
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addLibraries(CelExtensions.strings(), CelExtensions.encoders())
          .addVar("self", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .addLibraries(CelExtensions.strings(), CelExtensions.encoders())
          .build();

  private final List<Compiled> rules = new ArrayList<>();

  private record Compiled(CrdSchema.CelRule rule, CelRuntime.Program program) {}

  public CrdCelRules(List<CrdSchema.CelRule> rules) {
    for (CrdSchema.CelRule r : rules) {
      if (r.rule().contains("oldSelf")) {
        throw new IllegalArgumentException(r.path() + ": transition rules are not evaluated");
      }
      try {
        CelAbstractSyntaxTree ast = COMPILER.compile(r.rule()).getAst();
        this.rules.add(new Compiled(r, RUNTIME.createProgram(ast)));
      } catch (CelValidationException | CelEvaluationException e) {
        throw new IllegalArgumentException(r.path() + ": rule does not compile: " + e.getMessage());
      }
    }
  }

  /** Empty when every rule holds on {@code admitted} (an object after defaulting). */
  public List<String> problems(JsonNode admitted) {
    List<String> out = new ArrayList<>();
    for (Compiled c : rules) {
      String path = c.rule().path();
      for (Map.Entry<String, JsonNode> at : nodesAt(admitted, path).entrySet()) {
        String where = at.getKey() + (c.rule().fieldPath() == null ? "" : c.rule().fieldPath());
        try {
          Object result = c.program().eval(Map.of("self", toCel(at.getValue())));
          if (!Boolean.TRUE.equals(result)) {
            out.add(where + ": Invalid value: " + c.rule().message());
          }
        } catch (CelEvaluationException e) {
          out.add(where + ": Invalid value: rule failed: " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** Each node a rule path ({@code spec.caches}, {@code spec.caches[*]}) names, by its path. */
  private static Map<String, JsonNode> nodesAt(JsonNode root, String path) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    nodes.put("", root);
    if (path.equals("<root>")) return nodes;
    for (String step : path.replace("[*]", ".[*]").split("\\.")) {
      Map<String, JsonNode> next = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> n : nodes.entrySet()) {
        if (step.equals("[*]")) {
          if (n.getValue().isArray()) {
            for (int i = 0; i < n.getValue().size(); i++) {
              next.put(n.getKey() + "[" + i + "]", n.getValue().get(i));
            }
          } else if (n.getValue().isObject()) {
            n.getValue()
                .properties()
                .forEach(p -> next.put(n.getKey() + "[" + p.getKey() + "]", p.getValue()));
          }
        } else if (n.getValue().has(step)) {
          next.put(n.getKey().isEmpty() ? step : n.getKey() + "." + step, n.getValue().get(step));
        }
      }
      nodes = next;
    }
    return nodes;
  }

  /** JSON as CEL sees it: maps, lists, int64, double, string, bool, null. */
  private static Object toCel(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.properties().forEach(p -> m.put(p.getKey(), toCel(p.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(toCel(e)));
      return l;
    }
    if (n.isIntegralNumber()) return n.asLong();
    if (n.isNumber()) return n.asDouble();
    if (n.isBoolean()) return n.asBoolean();
    if (n.isNull()) return dev.cel.common.values.NullValue.NULL_VALUE;
    return n.asText();
  }
}
