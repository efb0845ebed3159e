package io.cachesync.operator.redis;

/** How to log in to one Redis server: its URL, the user and password (null: none), its TLS. */
public record RedisAccess(String url, String username, String password, RedisTrust trust) {}
