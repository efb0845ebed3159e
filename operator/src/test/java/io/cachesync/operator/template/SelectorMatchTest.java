package io.cachesync.operator.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

public class SelectorMatchTest {
  static final Map<String, String> POD = Map.of("app", "books", "tier", "backend");

  public static LabelSelector expression(String key, String operator, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .build();
  }

  @Test
  @DisplayName("matchLabels: every label must be there with the same value")
  void matchLabels() {
    assertThat(SelectorMatch.matches(labels(Map.of("app", "books")), POD)).isTrue();
    assertThat(SelectorMatch.matches(labels(Map.of("app", "books", "tier", "backend")), POD))
        .isTrue();
    assertThat(SelectorMatch.matches(labels(Map.of("app", "orders")), POD)).isFalse();
    assertThat(SelectorMatch.matches(labels(Map.of("app", "books", "zone", "a")), POD)).isFalse();
  }

  @Test
  @DisplayName("In: the label exists and its value is listed")
  void in() {
    assertThat(SelectorMatch.matches(expression("app", "In", "orders", "books"), POD)).isTrue();
    assertThat(SelectorMatch.matches(expression("app", "In", "orders"), POD)).isFalse();
    assertThat(SelectorMatch.matches(expression("zone", "In", "a"), POD)).isFalse();
  }

  @Test
  @DisplayName("NotIn: the label is absent, or its value is not listed")
  void notIn() {
    assertThat(SelectorMatch.matches(expression("app", "NotIn", "orders"), POD)).isTrue();
    assertThat(SelectorMatch.matches(expression("app", "NotIn", "books"), POD)).isFalse();
    assertThat(SelectorMatch.matches(expression("zone", "NotIn", "a"), POD)).isTrue();
  }

  @Test
  @DisplayName("Exists and DoesNotExist look at the key only")
  void exists() {
    assertThat(SelectorMatch.matches(expression("tier", "Exists"), POD)).isTrue();
    assertThat(SelectorMatch.matches(expression("zone", "Exists"), POD)).isFalse();
    assertThat(SelectorMatch.matches(expression("zone", "DoesNotExist"), POD)).isTrue();
    assertThat(SelectorMatch.matches(expression("tier", "DoesNotExist"), POD)).isFalse();
  }

  @Test
  @DisplayName("matchLabels and every expression must all hold")
  void allMustHold() {
    LabelSelector s =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("app", "books"))
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("In")
            .withValues("backend")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("canary")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    assertThat(SelectorMatch.matches(s, POD)).isTrue();
    assertThat(SelectorMatch.matches(s, Map.of("app", "books", "tier", "backend", "canary", "y")))
        .isFalse();
    assertThat(SelectorMatch.matches(s, Map.of("app", "books"))).isFalse();
  }

  @Test
  @DisplayName(
      "no selector selects nothing; an empty one selects every pod, also one without labels")
  void nullAndEmpty() {
    assertThat(SelectorMatch.matches(null, POD)).isFalse();
    assertThat(SelectorMatch.matches(new LabelSelector(), POD)).isTrue();
    assertThat(SelectorMatch.matches(new LabelSelector(), null)).isTrue();
    assertThat(SelectorMatch.matches(labels(Map.of("app", "books")), null)).isFalse();
  }

  @Test
  @DisplayName("a selector the API server would refuse is an error naming the field")
  void invalid() {
    assertThatThrownBy(() -> SelectorMatch.matches(expression("app", "Equals", "books"), POD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "spec.selector.matchExpressions[0].operator: 'Equals' is not one of In, NotIn, Exists,"
                + " DoesNotExist");
    assertThatThrownBy(() -> SelectorMatch.matches(expression("app", "In"), POD))
        .hasMessage("spec.selector.matchExpressions[0].values: In needs at least one value");
    assertThatThrownBy(() -> SelectorMatch.matches(expression("app", "NotIn"), POD))
        .hasMessage("spec.selector.matchExpressions[0].values: NotIn needs at least one value");
    assertThatThrownBy(() -> SelectorMatch.matches(expression("app", "Exists", "books"), POD))
        .hasMessage("spec.selector.matchExpressions[0].values: Exists takes no values");
    assertThatThrownBy(() -> SelectorMatch.matches(expression("app", "DoesNotExist", "x"), POD))
        .hasMessage("spec.selector.matchExpressions[0].values: DoesNotExist takes no values");
    assertThatThrownBy(() -> SelectorMatch.matches(expression("", "Exists"), POD))
        .hasMessage("spec.selector.matchExpressions[0].key: required");
    assertThatThrownBy(() -> SelectorMatch.matches(expression("app", null), POD))
        .hasMessageContaining("operator: 'null'");
    assertThat(SelectorMatch.problems(labels(Map.of("app", "books")))).isEmpty();
  }

  static LabelSelector labels(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
