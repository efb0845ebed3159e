package io.cachesync.operator.reconcile;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.operator.model.CacheSync;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real Operator against fabric8's mock API server in CRUD mode (server-side apply off), with
 * the CRD installed and a real redis-server for the class: the fixture the reconcile ITs share,
 * with the reads of stored conditions they all make.
 */
@EnableKubernetesMockClient(crud = true)
abstract class OperatorOnMockServer {
  static final String NS = "shop";
  static RedisServer redis;
  KubernetesClient client;
  Operator operator;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @BeforeEach
  void startOperator() throws Exception {
    CacheSyncs.installCrd(client);
    operator = OperatorMain.create(client, false);
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  /** The CacheSync's condition of that type as stored, or null while there is none. */
  Condition conditionOf(String name, String type) {
    CacheSync cs = client.resources(CacheSync.class).inNamespace(NS).withName(name).get();
    if (cs == null || cs.getStatus() == null) return null;
    return cs.getStatus().getConditions().stream()
        .filter(c -> c.getType().equals(type))
        .findFirst()
        .orElse(null);
  }

  boolean is(String name, String type, String status) {
    Condition c = conditionOf(name, type);
    return c != null && c.getStatus().equals(status);
  }
}
