package io.cachesync.operator.reconcile;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the next list of conditions from the previous one: sorted by type, and {@code
 * lastTransitionTime} kept unless the status flipped (Strimzi's StatusUtils habit).
 */
public final class StatusConditions {
  private final List<Condition> previous;
  private final List<Condition> next = new ArrayList<>();
  private final long generation;
  private final Clock clock;

  public StatusConditions(List<Condition> previous, long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.clock = clock;
  }

  public StatusConditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    String since =
        previous.stream()
            .filter(c -> c.getType().equals(type) && c.getStatus().equals(value))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    next.removeIf(c -> c.getType().equals(type));
    next.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  /** Carries a condition over unchanged, when this pass learnt nothing new about it. */
  public StatusConditions keep(Condition condition) {
    next.removeIf(c -> c.getType().equals(condition.getType()));
    next.add(condition);
    return this;
  }

  public List<Condition> build() {
    next.sort(Comparator.comparing(Condition::getType));
    return List.copyOf(next);
  }
}
