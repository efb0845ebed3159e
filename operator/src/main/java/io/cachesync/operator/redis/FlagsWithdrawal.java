package io.cachesync.operator.redis;

/**
 * The outcome of taking back {@code notify-keyspace-events} flags: whether Redis was reached, and a
 * sentence saying what changed (or what the user must do by hand).
 */
public record FlagsWithdrawal(boolean reached, String message) {}
