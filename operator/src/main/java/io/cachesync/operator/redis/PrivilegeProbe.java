package io.cachesync.operator.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Asks Redis what the connected user may do beyond its own channel and keys. {@code ACL DRYRUN}
 * (Redis 7) answers exactly without running anything, but only to a user allowed ACL commands,
 * which is itself too much; otherwise the harmless probes are run for real (a GET and a PUBLISH of
 * an empty message on names no CacheSync uses, a CONFIG GET) and FLUSHALL stays unchecked.
 */
final class PrivilegeProbe {
  static final String FOREIGN_KEY = "cachesync-acl-probe:not-a-cachesync-key";
  static final String FOREIGN_CHANNEL = "cachesync-acl-probe:not-a-cachesync-channel";

  private record Check(
      String what, String[] command, Consumer<RedisCommands<String, String>> run) {}

  private static final List<Check> CHECKS =
      List.of(
          new Check("FLUSHALL", new String[] {"FLUSHALL"}, null),
          new Check(
              "CONFIG", new String[] {"CONFIG", "GET", "maxmemory"}, r -> r.configGet("maxmemory")),
          new Check(
              "PUBLISH outside its channel",
              new String[] {"PUBLISH", FOREIGN_CHANNEL, ""},
              r -> r.publish(FOREIGN_CHANNEL, "")),
          new Check(
              "GET outside its key prefixes",
              new String[] {"GET", FOREIGN_KEY},
              r -> r.get(FOREIGN_KEY)));

  private PrivilegeProbe() {}

  static RedisPrivileges run(RedisCommands<String, String> redis, String username) {
    String user = username == null || username.isBlank() ? "default" : username;
    List<String> allowed = new ArrayList<>();
    List<String> unchecked = new ArrayList<>();
    boolean dryRun = dryRun(redis, user, "PING") != null;
    if (dryRun) allowed.add("ACL commands");
    for (Check check : CHECKS) {
      Boolean may = dryRun ? dryRun(redis, user, check.command()) : direct(redis, check);
      if (may == null) unchecked.add(check.what());
      else if (may) allowed.add(check.what());
    }
    String note = unchecked.isEmpty() ? "" : "; not checked: " + String.join(", ", unchecked);
    if (!allowed.isEmpty()) {
      return new RedisPrivileges(
          RedisPrivileges.State.TOO_BROAD,
          "the Redis user "
              + user
              + " may run "
              + String.join(", ", allowed)
              + note
              + ": confine it to the CacheSync's channel and keys (&channel and ~prefix rules,"
              + " see the README's Security model)");
    }
    if (unchecked.size() == CHECKS.size()) {
      return RedisPrivileges.unknown("could not check the Redis user " + user + note);
    }
    return new RedisPrivileges(
        RedisPrivileges.State.CONFINED,
        "the Redis user " + user + " is refused what a sidecar does not need" + note);
  }

  /** True/false: the user may/may not run it; null: ACL DRYRUN itself is denied or unknown. */
  private static Boolean dryRun(RedisCommands<String, String> redis, String user, String... cmd) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("DRYRUN").add(user);
    for (String part : cmd) args.add(part);
    try {
      String answer = redis.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
      return "OK".equals(answer);
    } catch (RedisCommandExecutionException e) {
      return null;
    }
  }

  private static Boolean direct(RedisCommands<String, String> redis, Check check) {
    if (check.run() == null) return null;
    try {
      check.run().accept(redis);
      return true;
    } catch (RedisCommandExecutionException e) {
      String m = e.getMessage() == null ? "" : e.getMessage();
      return m.startsWith("NOPERM") ? false : null;
    }
  }
}
