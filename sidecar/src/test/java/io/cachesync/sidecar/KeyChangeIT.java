package io.cachesync.sidecar;

import static io.cachesync.sidecar.ForgedFramesIT.KEY_A;
import static io.cachesync.sidecar.ForgedFramesIT.KEY_B;
import static io.cachesync.sidecar.ForgedFramesIT.writePropagates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.api.v1.CacheServiceGrpc.CacheServiceBlockingStub;
import io.cachesync.sidecar.config.SidecarConfig;
import io.cachesync.testsupport.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync key Secret is deleted and the operator makes a new one: kubelet rewrites each running
 * pod's key file (a symlink swap, at its own moment) and new pods start with only the new key.
 * Running sidecars take the new key without a restart, so nobody stays deaf to anybody.
 */
class KeyChangeIT {
  @TempDir Path dir;
  RedisServer redis;
  SidecarFixture fixture;

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    fixture = new SidecarFixture();
  }

  @AfterEach
  void stop() {
    fixture.close();
    redis.close();
  }

  /** A pod's own mount of the key Secret, as kubelet lays it out and updates it. */
  KubeletMount secret(String pod, String key) {
    return KubeletMount.create(dir.resolve(pod), "key", key + "\n");
  }

  Sidecar sidecar(KubeletMount secret) {
    SidecarConfig base = fixture.config(redis.uri());
    Sidecar s =
        fixture.startOne(base.withSync(base.sync().withKeyFiles(secret.file().toString(), null)));
    await().atMost(Duration.ofSeconds(20)).until(s::serving);
    return s;
  }

  /** Invalidations from each to the other, one key each way. */
  void bothWays(Sidecar x, Sidecar y, String key) {
    CacheServiceBlockingStub cx = fixture.client(x);
    CacheServiceBlockingStub cy = fixture.client(y);
    writePropagates(List.of(cx, cy), key + ":there");
    writePropagates(List.of(cy, cx), key + ":back");
  }

  @Test
  @DisplayName(
      "a key rewritten under running pods, one after the other, is taken without a restart: the pods keep hearing each other, and a pod started with only the new key hears and is heard by both")
  void keyChangedUnderRunningPods() {
    KubeletMount secretA = secret("a", KEY_A);
    KubeletMount secretB = secret("b", KEY_A);
    Sidecar a = sidecar(secretA);
    Sidecar b = sidecar(secretB);
    bothWays(a, b, "isbn:1");

    secretA.update(KEY_B + "\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> a.bus().counters().keyChanges() == 1);
    // b has not seen the new key yet: a still hears it, by the replaced key's grace period
    writePropagates(List.of(fixture.client(b), fixture.client(a)), "isbn:2");
    // while b's own file is not rewritten (kubelet's refresh, about a minute) b refuses a's frames
    await().until(() -> b.bus().counters().forged() > 0);

    secretB.update(KEY_B + "\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> b.bus().counters().keyChanges() == 1);
    bothWays(a, b, "isbn:3");

    // before the fix a and b kept signing with, and trusting only, the old key until restarted
    Sidecar c = sidecar(secret("c", KEY_B));
    bothWays(c, a, "isbn:4");
    bothWays(c, b, "isbn:5");
    assertThat(c.bus().counters().forged()).as("c verified every frame it got").isZero();
    assertThat(c.bus().counters().keyChanges()).isZero();
  }
}
