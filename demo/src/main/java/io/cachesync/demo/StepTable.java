package io.cachesync.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the story as it happens, one aligned row per step: step, pod, what happened, result and
 * how long it took. Long texts wrap inside their column, so the columns stay aligned.
 */
final class StepTable {
  private static final int STEP = 4;
  private static final int POD = 6;
  private static final int WHAT = 44;
  private static final int RESULT = 42;
  private static final int TIME = 9;

  private final PrintStream out;
  private volatile boolean muted;

  StepTable(PrintStream out) {
    this.out = out;
  }

  /**
   * Prints nothing more: the demo was interrupted and the story's last gasps would only confuse.
   */
  void mute() {
    muted = true;
  }

  void header() {
    if (muted) return;
    out.println();
    line("step", "pod", "what happened", "result", "time");
    line("-".repeat(STEP), "-".repeat(POD), "-".repeat(WHAT), "-".repeat(RESULT), "-".repeat(TIME));
  }

  /** A title line before the rows of one step. */
  void section(String step, String title) {
    if (muted) return;
    out.println();
    out.println(pad(step + ".", STEP) + "  " + title);
  }

  void row(String step, String pod, String what, String result, String time) {
    if (muted) return;
    List<String> whats = wrap(what, WHAT);
    List<String> results = wrap(result, RESULT);
    int lines = Math.max(whats.size(), results.size());
    for (int i = 0; i < lines; i++) {
      line(
          i == 0 ? step : "",
          i == 0 ? pod : "",
          i < whats.size() ? whats.get(i) : "",
          i < results.size() ? results.get(i) : "",
          i == 0 ? time : "");
    }
    out.flush();
  }

  /** Lines printed as they are, indented like the rows (for the Stats table). */
  void block(List<String> lines) {
    if (muted) return;
    for (String l : lines) out.println(" ".repeat(STEP + 2) + l);
    out.flush();
  }

  /** {@code 87 µs}, {@code 4.2 ms} or {@code 1.25 s}. */
  static String duration(long nanos) {
    long abs = Math.abs(nanos);
    String sign = nanos < 0 ? "-" : "";
    if (abs < 1_000_000) return sign + (abs + 500) / 1_000 + " µs";
    if (abs < 1_000_000_000) return sign + String.format("%.1f ms", abs / 1e6);
    return sign + String.format("%.2f s", abs / 1e9);
  }

  /** Like {@link #duration} with an explicit sign: {@code +310 µs}, {@code -42 µs}. */
  static String delta(long nanos) {
    return (nanos >= 0 ? "+" : "") + duration(nanos);
  }

  private void line(String step, String pod, String what, String result, String time) {
    String text =
        pad(step, STEP)
            + "  "
            + pad(pod, POD)
            + "  "
            + pad(what, WHAT)
            + "  "
            + pad(result, RESULT)
            + "  "
            + " ".repeat(Math.max(0, TIME - time.length()))
            + time;
    out.println(text.stripTrailing());
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** Word-wraps {@code text} to {@code width}; a word longer than the width is cut. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      while (word.length() > width) {
        if (current.length() > 0) {
          lines.add(current.toString());
          current.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (current.length() > 0 && current.length() + 1 + word.length() > width) {
        lines.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) current.append(' ');
      current.append(word);
    }
    if (current.length() > 0 || lines.isEmpty()) lines.add(current.toString());
    return lines;
  }
}
