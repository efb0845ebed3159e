package io.cachesync.sidecar.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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

  @Test
  @DisplayName(
      "while the key set is swapped over and over, every frame signed on any thread verifies with one of the two keys, frames of either key verify, and after the last swap every thread signs with its key")
  void swapsUnderLoad() throws Exception {
    FrameMac mac = TestKeys.mac(TestKeys.A);
    FrameKeys aSigns =
        FrameKeys.of(TestKeys.bytes(TestKeys.A), List.of(TestKeys.bytes(TestKeys.B)));
    FrameKeys bSigns =
        FrameKeys.of(TestKeys.bytes(TestKeys.B), List.of(TestKeys.bytes(TestKeys.A)));
    mac.use(aSigns); // verifies B from the start, as after a change
    FrameMac either = TestKeys.rotating(TestKeys.A, TestKeys.B);
    byte[] fromA = FrameCodec.encode(Frame.heartbeat("a", 1), TestKeys.mac(TestKeys.A));
    byte[] fromB = FrameCodec.encode(Frame.heartbeat("b", 1), TestKeys.mac(TestKeys.B));
    AtomicBoolean swapping = new AtomicBoolean(true);
    AtomicLong signedCount = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<byte[]> after = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      String origin = "pod-" + t;
      boolean verifier = t % 2 == 1;
      Thread thread =
          new Thread(
              () -> {
                for (long seq = 1; swapping.get(); seq++) {
                  byte[] frame = FrameCodec.encode(Frame.heartbeat(origin, seq), mac);
                  if (!either.verify(frame))
                    failures.add(origin + " signed " + seq + " with neither");
                  if (verifier && !(mac.verify(fromA) && mac.verify(fromB))) {
                    failures.add(origin + " refused a peer's frame at " + seq);
                  }
                  signedCount.incrementAndGet();
                }
                // the last swap happened before swapping stopped: this thread's Macs must follow
                after.add(FrameCodec.encode(Frame.heartbeat(origin, 0), mac));
              });
      thread.start();
      threads.add(thread);
    }
    for (int swap = 0; swap < 2_000 || signedCount.get() < 20_000; swap++) {
      mac.use(swap % 2 == 0 ? bSigns : aSigns);
    }
    mac.use(bSigns);
    swapping.set(false);
    for (Thread t : threads) t.join();
    assertThat(failures).isEmpty();

    FrameMac onlyB = TestKeys.mac(TestKeys.B);
    assertThat(after).hasSize(4).allMatch(onlyB::verify);
    assertThat(FrameCodec.encode(Frame.heartbeat("main", 1), mac)).matches(onlyB::verify);
  }
}
