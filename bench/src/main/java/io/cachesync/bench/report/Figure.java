package io.cachesync.bench.report;

/**
 * One measured figure as reported: its value, and where it has one, its baseline (a figure of the
 * same run), the ratio to it, its target and whether the target was met ({@code met} null when
 * there is no target or it cannot be told).
 */
public record Figure(
    String name,
    double value,
    String unit,
    String baseline,
    Double baselineValue,
    Double ratio,
    Target target,
    Boolean met) {}
