package io.cachesync.operator.template;

import java.util.Map;

/**
 * What the webhook injects when a CacheSync says nothing: the sidecar image, and the JVM options
 * put in the sidecar's {@code JAVA_TOOL_OPTIONS} ahead of the CacheSync's {@code
 * spec.sidecar.jvmOptions} (the last flag wins). The chart sets both cluster-wide; the reconciler
 * must assume the same ones as the webhook, since they are part of the hash that tells an outdated
 * pod.
 *
 * @param image the image; null or blank is {@link #DEFAULT_IMAGE}
 * @param jvmOptions the options; null is {@link #DEFAULT_JVM_OPTIONS}, blank is none at all
 */
public record SidecarDefaults(String image, String jvmOptions) {
  public static final String IMAGE = "CACHESYNC_SIDECAR_IMAGE";
  public static final String JVM_OPTIONS = "CACHESYNC_SIDECAR_JVM_OPTIONS";

  public static final String DEFAULT_IMAGE = "cachesync/sidecar:0.1.0";

  /**
   * A small sidecar (docs/BENCHMARKS.md, "Defaults the operator injects"): SerialGC, a heap that
   * follows the container's memory limit and hands memory back, small stacks and code cache, and
   * the C heap trimmed every 5 s (what the JIT and the start freed, about 7 MiB, goes back to the
   * node; JDK 17.0.9 or 21.0.1 and later). In a 192 MiB container (emulated with -XX:MaxRAM=192m)
   * the sidecar idles at about 105 MiB. The class-data archive is the image launcher's, not an
   * option here: the image carries it (or a writable folder keeps one, on JDK 19 or later), and the
   * launcher maps archives unrelocated, a diagnostic flag the policy refuses in these options. The
   * chart's {@code sidecar.jvmOptions} defaults to the same string.
   */
  public static final String DEFAULT_JVM_OPTIONS =
      "-XX:+UseSerialGC -XX:MaxRAMPercentage=60 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
          + " -Xss256k -XX:ReservedCodeCacheSize=32m -XX:TrimNativeHeapInterval=5000"
          + " -XX:+ExitOnOutOfMemoryError -Dio.lettuce.core.jfr=false";

  public SidecarDefaults {
    image = image == null || image.isBlank() ? DEFAULT_IMAGE : image.strip();
    jvmOptions = jvmOptions == null ? DEFAULT_JVM_OPTIONS : jvmOptions.strip();
  }

  /** The built-in image and options, as when the chart sets neither variable. */
  public static SidecarDefaults builtIn() {
    return new SidecarDefaults(null, null);
  }

  /** {@code image} with the built-in JVM options. */
  public static SidecarDefaults of(String image) {
    return new SidecarDefaults(image, null);
  }

  /**
   * From {@value #IMAGE} and {@value #JVM_OPTIONS}: a variable left unset gives the built-in value;
   * {@value #JVM_OPTIONS} set but blank leaves only the CacheSync's own options.
   */
  public static SidecarDefaults fromEnv(Map<String, String> env) {
    return new SidecarDefaults(env.get(IMAGE), env.get(JVM_OPTIONS));
  }

  /**
   * {@code JAVA_TOOL_OPTIONS} of a sidecar whose CacheSync asks for {@code extra} (may be null).
   */
  String jvmOptionsWith(String extra) {
    String own = extra == null ? "" : extra.strip();
    if (own.isEmpty()) return jvmOptions;
    return jvmOptions.isEmpty() ? own : jvmOptions + " " + own;
  }
}
