package io.cachesync.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --json FILE}: {@code {"machine": {...}, "figures": [{"name", "value", "unit", "baseline",
 * "ratio", ...}], "notes": [...], "errors": [...]}}. {@code baseline} names the figure of the same
 * run the value is compared with; {@code baseline_value}, {@code target} and {@code met} are
 * extras. Values that are not finite are written as null (JSON has no NaN).
 */
public final class JsonReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static void write(Path file, Map<String, Object> machine, Results results)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine);
    List<Map<String, Object>> figures = new ArrayList<>();
    for (Figure f : results.figures()) figures.add(figure(f));
    root.put("figures", figures);
    root.put("not_measured", results.notMeasured());
    root.put("notes", results.notes());
    root.put("errors", results.errors());
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    JSON.writeValue(file.toFile(), root);
  }

  private static Map<String, Object> figure(Figure f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", f.name());
    m.put("value", finite(f.value()));
    m.put("unit", f.unit());
    m.put("baseline", f.baseline());
    m.put("ratio", f.ratio() == null ? null : finite(round(f.ratio(), 4)));
    m.put("baseline_value", f.baselineValue() == null ? null : finite(f.baselineValue()));
    m.put("target", f.target() == null ? null : f.target().describe());
    m.put("met", f.met());
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? round(v, 3) : null;
  }

  private static double round(double v, int places) {
    double scale = Math.pow(10, places);
    return Math.round(v * scale) / scale;
  }
}
