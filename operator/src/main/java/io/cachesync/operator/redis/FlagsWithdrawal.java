package io.cachesync.operator.redis;

/**
 * The outcome of giving back a CacheSync's {@code notify-keyspace-events} registration: whether
 * Redis was reached, the flags taken out of the setting ("" for none), and a sentence saying what
 * changed (or what the user must do by hand).
 */
public record FlagsWithdrawal(boolean reached, String removed, String message) {}
