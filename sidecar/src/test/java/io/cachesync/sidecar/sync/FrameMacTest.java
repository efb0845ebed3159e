package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameMacTest {
  @Test
  @DisplayName(
      "frames signed on many threads at once (publishers run on any thread) all verify, and verify on another thread")
  void concurrentSigning() throws Exception {
    FrameMac mac = TestKeys.mac(TestKeys.A);
    ConcurrentLinkedQueue<byte[]> signed = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String origin = "pod-" + t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (long seq = 1; seq <= 5_000; seq++) {
                  signed.add(FrameCodec.encode(Frame.heartbeat(origin, seq), mac));
                }
              });
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    for (Thread t : threads) t.join();
    assertThat(signed).hasSize(20_000).allMatch(mac::verify);
  }
}
