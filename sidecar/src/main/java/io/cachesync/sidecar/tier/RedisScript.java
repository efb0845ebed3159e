package io.cachesync.sidecar.tier;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A Lua script run by its digest ({@code EVALSHA}) once Redis is known to have it, and sent whole
 * ({@code EVAL}) until then: a script on the request path then costs 40 bytes on the wire, not its
 * text.
 *
 * <p>Whole until known, not digest first: calls pipelined on one connection must run in the order
 * they were sent (appends to a stream, say), and a digest that Redis does not know yet fails, so
 * its whole-text retry would run after calls sent later. A Redis that forgot its scripts
 * (restarted) answers NOSCRIPT; that call is retried whole and the next ones go whole until one
 * succeeds.
 */
public final class RedisScript {
  private final String text;
  private final String digest;
  private volatile boolean known;

  public RedisScript(String text) {
    this.text = text;
    this.digest = sha1(text);
  }

  public <T> CompletableFuture<T> run(
      RedisScriptingAsyncCommands<String, byte[]> redis,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    if (!known) return whole(redis, type, keys, args);
    return redis
        .<T>evalsha(digest, type, keys, args)
        .toCompletableFuture()
        .exceptionallyCompose(
            e -> {
              if (!unknown(e)) return CompletableFuture.failedFuture(e);
              known = false;
              return whole(redis, type, keys, args);
            });
  }

  private <T> CompletableFuture<T> whole(
      RedisScriptingAsyncCommands<String, byte[]> redis,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    return redis
        .<T>eval(text, type, keys, args)
        .toCompletableFuture()
        .thenApply(
            r -> {
              known = true;
              return r;
            });
  }

  private static boolean unknown(Throwable e) {
    Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return t instanceof RedisNoScriptException;
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
