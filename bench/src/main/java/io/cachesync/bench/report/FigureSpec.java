package io.cachesync.bench.report;

/**
 * What a figure is: its unit, the figure of the same run it is compared with (or null), its target
 * (or null) and one line saying what was measured. {@code fixed} marks the names the issue fixed:
 * every full run must produce them.
 */
public record FigureSpec(
    String name, String unit, String baseline, Target target, boolean fixed, String meaning) {}
