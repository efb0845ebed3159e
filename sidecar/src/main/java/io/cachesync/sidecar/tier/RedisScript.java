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
 * <p>A digest Redis does not know (a new or restarted server) fails with NOSCRIPT and is retried
 * whole, after calls pipelined behind it: calls of one script may then run in another order than
 * they were sent. That is fine where each call stands alone (reads, fills, deletes); a script whose
 * calls must keep their order (appends to a stream) is made {@link #ordered} and always sent whole.
 * On a Redis Cluster each master learns a script at its first EVAL, so each answers NOSCRIPT once.
 */
public final class RedisScript {
  private final String text;
  private final String digest;
  private final boolean ordered;
  private volatile boolean known;

  /** A script whose calls stand alone: by digest once Redis is known to have it. */
  public RedisScript(String text) {
    this(text, false);
  }

  private RedisScript(String text, boolean ordered) {
    this.text = text;
    this.digest = sha1(text);
    this.ordered = ordered;
  }

  /** A script whose pipelined calls must run in the order sent: always sent whole (EVAL). */
  public static RedisScript ordered(String text) {
    return new RedisScript(text, true);
  }

  public <T> CompletableFuture<T> run(
      RedisScriptingAsyncCommands<String, byte[]> redis,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    if (ordered || !known) return whole(redis, type, keys, args);
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
