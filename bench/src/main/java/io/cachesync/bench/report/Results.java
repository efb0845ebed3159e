package io.cachesync.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the measurement families found: values by figure name, notes that explain them (where the
 * time or the bytes go) and the families that failed, with why. Written by one family at a time,
 * read by the report; synchronized because Ctrl-C may read it while a family still writes.
 */
public final class Results {
  private final Map<String, Double> values = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final Map<String, String> notMeasured = new LinkedHashMap<>();

  /**
   * @throws IllegalArgumentException for a figure the catalog does not know
   */
  public synchronized void put(String name, double value) {
    FigureCatalog.spec(name);
    values.put(name, value);
  }

  /**
   * A figure this run could not measure for a reason outside the harness (a sidecar that refuses
   * the topology): printed with the reason, and not a failure of the run.
   *
   * @throws IllegalArgumentException for a figure the catalog does not know
   */
  public synchronized void notMeasured(String name, String reason) {
    FigureCatalog.spec(name);
    notMeasured.put(name, reason);
  }

  /** The figures not measured, each with why, in the order they were reported. */
  public synchronized Map<String, String> notMeasured() {
    return new LinkedHashMap<>(notMeasured);
  }

  /** Whether {@code name} has a value or was reported not measured. */
  public synchronized boolean accountedFor(String name) {
    return values.containsKey(name) || notMeasured.containsKey(name);
  }

  public synchronized void note(String line) {
    notes.add(line);
  }

  public synchronized void error(String line) {
    errors.add(line);
  }

  public synchronized Double value(String name) {
    return values.get(name);
  }

  public synchronized Map<String, Double> values() {
    return new LinkedHashMap<>(values);
  }

  public synchronized List<String> notes() {
    return List.copyOf(notes);
  }

  public synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /**
   * The figures in catalog order, each with its baseline's value and ratio where the baseline was
   * measured in this run, and its target verdict.
   */
  public synchronized List<Figure> figures() {
    List<Figure> out = new ArrayList<>();
    for (FigureSpec s : FigureCatalog.all()) {
      Double v = values.get(s.name());
      if (v == null) continue;
      Double base = s.baseline() == null ? null : values.get(s.baseline());
      Double ratio = base == null || base == 0 || !Double.isFinite(v) ? null : v / base;
      Boolean met = s.target() == null || !Double.isFinite(v) ? null : s.target().met(v, ratio);
      out.add(new Figure(s.name(), v, s.unit(), s.baseline(), base, ratio, s.target(), met));
    }
    return out;
  }
}
