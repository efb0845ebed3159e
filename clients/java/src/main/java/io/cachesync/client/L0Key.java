package io.cachesync.client;

/** An L0 entry's name: the cache and the sidecar's key. */
record L0Key(String cache, String key) {}
