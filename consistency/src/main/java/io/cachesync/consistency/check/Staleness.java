package io.cachesync.consistency.check;

import io.cachesync.consistency.history.Op;

/**
 * How far behind a read was: its value had been replaced by {@code cause}, which completed {@code
 * nanos} before the read began.
 */
public record Staleness(Op read, Op cause, long nanos) {}
