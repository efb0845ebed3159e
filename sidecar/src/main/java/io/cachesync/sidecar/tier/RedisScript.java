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
 * A Lua script run by its digest ({@code EVALSHA}) and sent whole ({@code EVAL}) only when the
 * server does not know it yet, after a restart for instance: a script on the miss path then costs
 * 40 bytes on the wire, not its text.
 */
public final class RedisScript {
  private final String text;
  private final String digest;

  public RedisScript(String text) {
    this.text = text;
    this.digest = sha1(text);
  }

  public <T> CompletableFuture<T> run(
      RedisScriptingAsyncCommands<String, byte[]> redis,
      ScriptOutputType type,
      String[] keys,
      byte[]... args) {
    return redis
        .<T>evalsha(digest, type, keys, args)
        .toCompletableFuture()
        .exceptionallyCompose(
            e ->
                unknown(e)
                    ? redis.<T>eval(text, type, keys, args).toCompletableFuture()
                    : CompletableFuture.failedFuture(e));
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
