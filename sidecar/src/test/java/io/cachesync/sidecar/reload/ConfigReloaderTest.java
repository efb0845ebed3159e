package io.cachesync.sidecar.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cachesync.sidecar.config.CacheConfig;
import io.cachesync.sidecar.config.ConfigException;
import io.cachesync.sidecar.config.ConfigLoader;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.sidecar.reload.ReloadOutcome.Result;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigReloaderTest {
  static final Path FILE = Path.of("/etc/cachesync/config/cachesync.yaml");
  static final String BASE = "sync: {channel: c}\n";

  /** A sidecar that runs what it is given and remembers what it was asked to apply. */
  static final class FakeTarget implements ReloadTarget {
    SidecarConfig running;
    final List<ConfigChanges> applied = new ArrayList<>();
    RuntimeException failApply;
    ConfigException failCheck;

    FakeTarget(SidecarConfig running) {
      this.running = running;
    }

    @Override
    public SidecarConfig running() {
      return running;
    }

    @Override
    public void check(SidecarConfig next) {
      if (failCheck != null) throw failCheck;
    }

    @Override
    public void apply(ConfigChanges changes, SidecarConfig next) {
      if (failApply != null) throw failApply;
      applied.add(changes);
      running = running.withLoader(next.loader()).withCaches(next.caches());
    }
  }

  final FakeTarget target = new FakeTarget(ConfigLoader.parse(BASE + "caches: [{name: books}]"));
  final ReloadStatus status = new ReloadStatus("watching " + FILE);
  final ConfigReloader reloader = new ConfigReloader(target, status);

  ReloadOutcome read(String yaml) {
    return reloader.fileRead(FILE, yaml, false);
  }

  @Test
  @DisplayName("before any change, the status says what is watched")
  void initially() {
    assertThat(status.last().result()).isEqualTo(Result.NONE);
    assertThat(status.last().detail()).isEqualTo("watching " + FILE);
    assertThat(status.last().at()).isNull();
  }

  @Test
  @DisplayName(
      "a file that does not parse is rejected naming the file and the field; nothing is applied")
  void unparsable() {
    ReloadOutcome o = read(BASE + "caches: [{name: books, maxSize: 10}]");
    assertThat(o.result()).isEqualTo(Result.INVALID);
    assertThat(o.detail())
        .startsWith(FILE + ": caches[0].maxSize: unknown field")
        .contains("accepts name, strategy, maximumSize");
    assertThat(read(BASE + "caches: [{name: books}\n").detail()).contains("not valid YAML");
    assertThat(target.applied).isEmpty();
    assertThat(status.count(Result.INVALID)).isEqualTo(2);
    assertThat(target.running.cache("books")).isPresent();
  }

  @Test
  @DisplayName("an unreadable file is rejected saying why")
  void unreadable() {
    ReloadOutcome o = reloader.fileUnreadable(FILE, new NoSuchFileException(FILE.toString()));
    assertThat(o.result()).isEqualTo(Result.INVALID);
    assertThat(o.detail()).isEqualTo("config file " + FILE + " does not exist");
  }

  @Test
  @DisplayName("what the running sidecar rejects is reported like a parse error, not applied")
  void checkFails() {
    target.failCheck = new ConfigException("caches[b].l2.prefix: 'x:' is also the prefix of a");
    ReloadOutcome o = read(BASE + "caches: [{name: books}, {name: b, maximumSize: 100}]");
    assertThat(o.result()).isEqualTo(Result.INVALID);
    assertThat(o.detail()).isEqualTo(FILE + ": caches[b].l2.prefix: 'x:' is also the prefix of a");
    assertThat(target.applied).isEmpty();
  }

  @Test
  @DisplayName("a failure while applying is reported, never thrown")
  void applyFails() {
    target.failApply = new IllegalStateException("boom");
    ReloadOutcome o = read(BASE + "caches: [{name: books}, {name: b, maximumSize: 100}]");
    assertThat(o.result()).isEqualTo(Result.INVALID);
    assertThat(o.detail()).contains("applying the new config failed", "boom");
  }

  @Test
  @DisplayName("cache changes apply and are described")
  void applied() {
    ReloadOutcome o = read(BASE + "caches: [{name: books, ttl: 1m}, {name: b, maximumSize: 100}]");
    assertThat(o.result()).isEqualTo(Result.APPLIED);
    assertThat(o.detail())
        .isEqualTo("applied: added [b]; books changed in place (caches[books].ttl 10m -> 1m)");
    assertThat(o.at()).isNotNull();
    assertThat(target.running.caches()).extracting(CacheConfig::name).containsExactly("books", "b");
    assertThat(status.count(Result.APPLIED)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "restart-only changes are reported and stay pending; cache changes in the same edit apply")
  void restartRequired() {
    ReloadOutcome o =
        read(
            "sync: {channel: other}\ngrpc: {port: 7000}\ncaches: [{name: books}, {name: b, maximumSize: 100}]");
    assertThat(o.result()).isEqualTo(Result.RESTART_REQUIRED);
    assertThat(o.restartPending()).containsExactly("grpc.port", "sync.channel");
    assertThat(o.detail())
        .isEqualTo(
            "grpc.port 7070 -> 7000, sync.channel c -> other: not applied, takes effect on restart;"
                + " applied: added [b]");
    assertThat(target.applied).hasSize(1);

    assertThat(read("sync: {channel: other}\ngrpc: {port: 7000\n").restartPending())
        .as("a bad edit keeps what is pending")
        .containsExactly("grpc.port", "sync.channel");
    ReloadOutcome back = read(BASE + "caches: [{name: books}, {name: b, maximumSize: 100}]");
    assertThat(back.result()).isEqualTo(Result.APPLIED);
    assertThat(back.restartPending()).isEmpty();
  }

  @Test
  @DisplayName(
      "the first read after start is silent when it matches; an edit that changes nothing is"
          + " applied")
  void noDifference() {
    ReloadOutcome first = reloader.fileRead(FILE, BASE + "caches: [{name: books}]", true);
    assertThat(first.result()).isEqualTo(Result.NONE);
    assertThat(status.count(Result.APPLIED)).isZero();

    ReloadOutcome edit = read("# a comment\n" + BASE + "caches: [{name: books}]");
    assertThat(edit.result()).isEqualTo(Result.APPLIED);
    assertThat(edit.detail()).isEqualTo("nothing differs from the running config");
    assertThat(target.applied).isEmpty();
  }

  @Test
  @DisplayName("a first read that differs (the file changed while the sidecar started) applies")
  void firstReadDiffers() {
    ReloadOutcome first =
        reloader.fileRead(
            FILE, BASE + "caches: [{name: books}, {name: b, maximumSize: 100}]", true);
    assertThat(first.result()).isEqualTo(Result.APPLIED);
    assertThat(target.applied).hasSize(1);
  }
}
