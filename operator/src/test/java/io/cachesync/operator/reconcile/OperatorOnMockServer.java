package io.cachesync.operator.reconcile;

import io.cachesync.operator.CacheSyncs;
import io.cachesync.operator.OperatorMain;
import io.cachesync.testsupport.RedisServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The real Operator against fabric8's mock API server in CRUD mode (server-side apply off), with
 * the CRD installed and a real redis-server for the class: the fixture the reconcile ITs share.
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
}
