package io.cachesync.operator.policy;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.operator.model.SidecarSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;

/** CacheSyncs that pass the default policy, and single changes that break it. */
final class PolicyFixtures {
  static final AdmissionPolicy POLICY = AdmissionPolicy.defaultsFor("cachesync/sidecar:0.1.0");

  private PolicyFixtures() {}

  static CacheSync fine() {
    CacheSync cs = CacheSyncs.minimal("shop", "catalogue", "redis://redis.shop.svc:6379");
    cs.getSpec()
        .setSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("app", "books")).build());
    return cs;
  }

  static SidecarSpec sidecar(CacheSync cs) {
    if (cs.getSpec().getSidecar() == null) cs.getSpec().setSidecar(new SidecarSpec());
    return cs.getSpec().getSidecar();
  }

  static CacheSync withJvmOptions(String options) {
    CacheSync cs = fine();
    sidecar(cs).setJvmOptions(options);
    return cs;
  }

  static CacheSync withImage(String image) {
    CacheSync cs = fine();
    sidecar(cs).setImage(image);
    return cs;
  }
}
