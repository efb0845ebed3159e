package io.cachesync.operator.template;

import io.cachesync.operator.config.SidecarConfigRenderer;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SecretKeys;
import io.cachesync.operator.model.TlsSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pod volumes the sidecar needs and where it mounts them: its config (the CacheSync's
 * ConfigMap), the Redis credentials, the TLS CA and client certificate, the socket directory it
 * shares with the app, and a writable /tmp under a read-only root filesystem. The paths are the
 * ones the rendered config names.
 */
public final class SidecarVolumes {
  public static final String CONFIG = "cachesync-config";
  public static final String REDIS = "cachesync-redis";
  public static final String SOCKET = "cachesync-socket";
  public static final String TMP = "cachesync-tmp";
  public static final String TLS_CA = "cachesync-tls-ca";
  public static final String TLS_CLIENT = "cachesync-tls-client";
  public static final String SYNC_KEY = "cachesync-sync-key";

  /** Every volume name injection may add; a pod that already uses one is left alone. */
  public static final List<String> NAMES =
      List.of(CONFIG, REDIS, SOCKET, TMP, TLS_CA, TLS_CLIENT, SYNC_KEY);

  public static final String CONFIG_DIR = "/etc/cachesync/config";
  public static final String CONFIG_FILE = CONFIG_DIR + "/" + CacheSyncNames.CONFIG_KEY;
  public static final String REDIS_DIR =
      Path.of(SidecarConfigRenderer.PASSWORD_FILE).getParent().toString();
  public static final String SYNC_KEY_DIR =
      Path.of(SidecarConfigRenderer.SYNC_KEY_FILE).getParent().toString();
  public static final String SOCKET_DIR =
      Path.of(SidecarConfigRenderer.UNIX_SOCKET).getParent().toString();
  public static final String TLS_CA_DIR =
      Path.of(SidecarConfigRenderer.TLS_CA_FILE).getParent().toString();
  public static final String TLS_CLIENT_DIR =
      Path.of(SidecarConfigRenderer.TLS_CERT_FILE).getParent().toString();

  private SidecarVolumes() {}

  static List<Volume> volumes(CacheSync cs, SecretKeys credentials) {
    List<Volume> v = new ArrayList<>();
    v.add(
        new VolumeBuilder()
            .withName(CONFIG)
            .withNewConfigMap()
            .withName(CacheSyncNames.configMap(cs))
            .endConfigMap()
            .build());
    if (credentials != null) {
      v.add(
          new VolumeBuilder()
              .withName(REDIS)
              .withNewProjected()
              .withSources(credentialSources(credentials))
              .endProjected()
              .build());
    }
    v.add(syncKey(cs));
    v.add(new VolumeBuilder().withName(SOCKET).withNewEmptyDir().endEmptyDir().build());
    // the sidecar's own /tmp: Netty's native library, and the launcher's class-data archive
    // (30-40 MB) that makes a restarted container start in half the time
    v.add(
        new VolumeBuilder()
            .withName(TMP)
            .withNewEmptyDir()
            .withSizeLimit(new Quantity("128Mi"))
            .endEmptyDir()
            .build());
    v.addAll(tlsVolumes(tls(cs)));
    return v;
  }

  /**
   * The TLS Secrets of spec.redis.tls, each key under a fixed name so the rendered config's paths
   * hold whatever the Secret is called; the pod waits for a missing Secret, with an event naming
   * it.
   */
  static List<Volume> tlsVolumes(TlsSpec tls) {
    List<Volume> v = new ArrayList<>();
    if (tls == null) return v;
    if (tls.getCaSecretName() != null) {
      v.add(secretVolume(TLS_CA, tls.getCaSecretName(), "ca.crt"));
    }
    if (tls.getClientCertSecretName() != null) {
      v.add(secretVolume(TLS_CLIENT, tls.getClientCertSecretName(), "tls.crt", "tls.key"));
    }
    return v;
  }

  /** Read-only mounts of {@link #tlsVolumes} where the rendered config looks for the files. */
  static List<VolumeMount> tlsMounts(TlsSpec tls) {
    List<VolumeMount> m = new ArrayList<>();
    if (tls == null) return m;
    if (tls.getCaSecretName() != null) m.add(mount(TLS_CA, TLS_CA_DIR, true));
    if (tls.getClientCertSecretName() != null) m.add(mount(TLS_CLIENT, TLS_CLIENT_DIR, true));
    return m;
  }

  static TlsSpec tls(CacheSync cs) {
    return cs.getSpec() == null || cs.getSpec().getRedis() == null
        ? null
        : cs.getSpec().getRedis().getTls();
  }

  private static Volume secretVolume(String name, String secret, String... keys) {
    SecretVolumeSourceBuilder source = new SecretVolumeSourceBuilder().withSecretName(secret);
    for (String key : keys) source.addNewItem().withKey(key).withPath(key).endItem();
    return new VolumeBuilder().withName(name).withSecret(source.build()).build();
  }

  static List<VolumeMount> sidecarMounts(boolean credentials) {
    List<VolumeMount> m = new ArrayList<>();
    m.add(mount(CONFIG, CONFIG_DIR, true));
    if (credentials) m.add(mount(REDIS, REDIS_DIR, true));
    m.add(mount(SYNC_KEY, SYNC_KEY_DIR, true));
    m.add(mount(SOCKET, SOCKET_DIR, false));
    m.add(mount(TMP, "/tmp", false));
    return m;
  }

  /**
   * The CacheSync's sync key, only to the sidecar. 0444: the files are root's and the sidecar runs
   * as {@link SidecarTemplate#RUN_AS_USER}, in no group of theirs unless the pod sets an fsGroup;
   * the app containers do not mount the volume at all. Not optional: a pod without its key would
   * start a sidecar that can neither sign nor verify, so it waits for the Secret instead.
   */
  private static Volume syncKey(CacheSync cs) {
    return new VolumeBuilder()
        .withName(SYNC_KEY)
        .withNewSecret()
        .withSecretName(CacheSyncNames.syncKeySecret(cs))
        .addNewItem()
        .withKey(CacheSyncNames.SYNC_KEY)
        .withPath(Path.of(SidecarConfigRenderer.SYNC_KEY_FILE).getFileName().toString())
        .endItem()
        .withDefaultMode(0444)
        .endSecret()
        .build();
  }

  /** The app containers' view of the socket directory: writable, as connecting to a socket is. */
  public static VolumeMount appSocketMount() {
    return mount(SOCKET, SOCKET_DIR, false);
  }

  private static VolumeMount mount(String volume, String path, boolean readOnly) {
    return new VolumeMountBuilder()
        .withName(volume)
        .withMountPath(path)
        .withReadOnly(readOnly ? Boolean.TRUE : null)
        .build();
  }

  /**
   * The password must be there (the pod waits for it, with an event naming the Secret), and so must
   * the username when the CacheSync names its key: the rendered config then reads it from a file.
   */
  private static List<VolumeProjection> credentialSources(SecretKeys keys) {
    String passwordKey = keys.getPasswordKey() == null ? "password" : keys.getPasswordKey();
    List<VolumeProjection> sources = new ArrayList<>();
    sources.add(
        new VolumeProjectionBuilder()
            .withNewSecret()
            .withName(keys.getSecretName())
            .addNewItem()
            .withKey(passwordKey)
            .withPath("password")
            .endItem()
            .endSecret()
            .build());
    if (keys.getUsernameKey() != null && !keys.getUsernameKey().isBlank()) {
      sources.add(
          new VolumeProjectionBuilder()
              .withNewSecret()
              .withName(keys.getSecretName())
              .addNewItem()
              .withKey(keys.getUsernameKey())
              .withPath("username")
              .endItem()
              .endSecret()
              .build());
    }
    return sources;
  }
}
