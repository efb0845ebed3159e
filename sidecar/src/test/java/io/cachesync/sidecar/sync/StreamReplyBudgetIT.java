package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cachesync.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The frames stream's reader on a real Redis, with a reply budget far under its backlog. */
class StreamReplyBudgetIT {

  @Test
  @DisplayName(
      "entries past one reply's budget are read by the next XREAD: none lost, none twice, in order")
  void backlogOverBudget() {
    try (RedisServer redis = RedisServer.start()) {
      RedisClient client = RedisClient.create(redis.uri());
      String key = "budget:stream";
      List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
      List<String> lost = Collections.synchronizedList(new ArrayList<>());
      StreamSubscription.Events events =
          new StreamSubscription.Events() {
            @Override
            public void started() {}

            @Override
            public void resumed(String why) {
              lost.add(String.valueOf(why));
            }

            @Override
            public void down(String reason) {}

            @Override
            public void frame(byte[] bytes) {
              seen.add(bytes.length == 0 ? -1 : bytes[0] & 0xFF);
            }
          };
      // 64 KiB per value, 160 KiB per reply: two values a reply, of 20 written at once
      BoundedFrameCodec codec = new BoundedFrameCodec(64 << 10, 160 << 10);
      StreamSubscription reader =
          new StreamSubscription(
              StreamNode.server(client, codec), codec, key, Duration.ofSeconds(2), events);
      try (StatefulRedisConnection<byte[], byte[]> writer =
          client.connect(ByteArrayCodec.INSTANCE)) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] f = "f".getBytes(StandardCharsets.UTF_8);
        writer.sync().xadd(k, f, new byte[] {0}); // the reader starts after the newest entry
        reader.start();
        await().until(() -> writer.sync().clientList().contains("cmd=xread"));
        // in one transaction, so the blocked XREAD wakes to all 20 at once: 1.2 MB for one reply
        List<Integer> written = new ArrayList<>();
        writer.sync().multi();
        for (int i = 1; i <= 20; i++) {
          byte[] value = new byte[60 << 10];
          value[0] = (byte) i;
          writer.sync().xadd(k, f, value);
          written.add(i);
        }
        writer.sync().exec();
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 20);
        assertThat(seen).containsExactlyElementsOf(written);
        assertThat(lost).isEmpty();
      } finally {
        reader.close();
        client.shutdown();
      }
    }
  }
}
