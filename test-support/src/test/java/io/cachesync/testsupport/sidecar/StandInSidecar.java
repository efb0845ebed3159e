package io.cachesync.testsupport.sidecar;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM that behaves, as far as the launcher can tell, like the sidecar: {@code --config FILE}
 * naming {@code port: N}, grpc.health.v1 SERVING on it, the line {@code sidecar <POD_NAME>-<id>
 * listening on …}, an exit on SIGTERM. The real jar lives in a module this one cannot depend on.
 *
 * <p>Environment: {@code STANDIN_TAKEN_ONCE=<file>} fails the first start (the file does not exist
 * yet) as a taken port does; {@code STANDIN_IGNORE_TERM=1} hangs in its shutdown hook, so only
 * SIGKILL ends it; {@code STANDIN_REFUSE=<text>} prints the text and exits with code 2.
 */
public final class StandInSidecar {
  public static void main(String[] args) throws Exception {
    String refuse = System.getenv("STANDIN_REFUSE");
    if (refuse != null) {
      System.out.println(refuse);
      System.exit(2);
    }
    Matcher m = Pattern.compile("port: (\\d+)").matcher(Files.readString(Path.of(args[1])));
    if (!m.find()) throw new IllegalArgumentException("no port in " + args[1]);
    int port = Integer.parseInt(m.group(1));
    String takenOnce = System.getenv("STANDIN_TAKEN_ONCE");
    if (takenOnce != null && !Files.exists(Path.of(takenOnce))) {
      Files.createFile(Path.of(takenOnce));
      System.out.println("java.io.IOException: Failed to bind: Address already in use");
      System.exit(1);
    }
    HealthStatusManager health = new HealthStatusManager();
    Server server =
        Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
            .addService(health.getHealthService())
            .build()
            .start();
    String id = System.getenv("POD_NAME") + "-" + Long.toHexString(ProcessHandle.current().pid());
    System.out.println(
        "sidecar "
            + id
            + " listening on 127.0.0.1:"
            + port
            + " flag="
            + System.getProperty("flag"));
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping on SIGTERM");
                  if (System.getenv("STANDIN_IGNORE_TERM") != null) awaitQuietly(forever);
                  server.shutdownNow();
                }));
    awaitQuietly(forever);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
