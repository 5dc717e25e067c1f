package dev.backroom.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.Enrollment;
import dev.backroom.harness.HubProcess;
import dev.backroom.harness.ManagedProcess;
import dev.backroom.harness.PostgresCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Scale-out: two cloud processes A and B on one real PostgreSQL (a private cluster on a free
 * port), each hub enrolled through a different instance. Whatever instance an operator or a hub
 * talks to, they see one state: a change posted on A reaches the hub that polls B, and both
 * instances list the same revisions, applied revisions and last-seen times.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {
  static final Duration CONVERGE = Duration.ofSeconds(45);

  final String run = UUID.randomUUID().toString().substring(0, 6);
  final String store1 = "scale-1-" + run;
  final String store2 = "scale-2-" + run;
  Path dir;
  PostgresCluster postgres;
  CloudProcess cloudA;
  CloudProcess cloudB;
  HubProcess hub1;
  HubProcess hub2;

  @BeforeAll
  void start() {
    dir = SyncSupport.runDir("scale-out-" + run);
    postgres = PostgresCluster.start(dir.resolve("postgres"));
    String token = CloudProcess.newAdminToken();
    CloudProcess.Db db = CloudProcess.Db.postgresql(postgres.jdbcUrl());
    // One after the other: the first applies the schema, the second finds it in place.
    cloudA = CloudProcess.start(dir.resolve("cloud-a"), db, token, Map.of());
    cloudB = CloudProcess.start(dir.resolve("cloud-b"), db, token, Map.of());
  }

  @AfterAll
  void stop() {
    for (ManagedProcess p : new ManagedProcess[] {hub1, hub2, cloudA, cloudB}) {
      if (p != null) {
        p.stop();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @Order(1)
  void storesCreatedOnEitherInstance_areListedByBoth() {
    cloudA.createStore(store1, Map.of("region", "eu", "format", "mini"));
    cloudB.createStore(store2, Map.of("region", "eu", "format", "big"));
    for (CloudProcess c : new CloudProcess[] {cloudA, cloudB}) {
      assertEquals(Map.of("format", "mini", "region", "eu"), labels(c.store(store1)), c.name());
      assertEquals(Map.of("format", "big", "region", "eu"), labels(c.store(store2)), c.name());
    }
  }

  @Test
  @Order(2)
  void hubsEnrolledThroughDifferentInstances_bothGetAChangePostedOnA() {
    Path hub1Dir = dir.resolve("hub-1");
    Path hub2Dir = dir.resolve("hub-2");
    // Activations created on one instance, used on the other: they live in the shared database.
    CloudProcess.Activation act1 = cloudB.createActivation(store1, 600, 1);
    CloudProcess.Activation act2 = cloudA.createActivation(store2, 600, 1);
    Enrollment.withJar(cloudA.url(), act1, hub1Dir).expectExit(0);
    Enrollment.withJar(cloudB.url(), act2, hub2Dir).expectExit(0);
    assertEquals(cloudA.url(), Enrollment.readIdentity(hub1Dir).cloudUrl());
    assertEquals(cloudB.url(), Enrollment.readIdentity(hub2Dir).cloudUrl());
    hub1 = HubProcess.start(hub1Dir, null, Map.of(), SyncSupport.fastSyncHub());
    hub2 = HubProcess.start(hub2Dir, null, Map.of(), SyncSupport.fastSyncHub());

    cloudA.putTaskDefinition("cashier", "region=eu", StoreEndToEnd.taskDefinition("cashier", "till"));
    long t0 = System.nanoTime();
    cloudA.putService("cashier", "region=eu", SyncSupport.serviceSpec("cashier", "cashier", 2));
    for (HubProcess h : new HubProcess[] {hub1, hub2}) {
      await().atMost(CONVERGE).untilAsserted(() -> {
        JsonNode s = SyncSupport.hubService(h, "cashier");
        assertEquals(2, s.path("desiredCount").asInt(), s.toString());
      });
      System.out.printf("%s has the change posted on A after %d ms%n",
          h == hub1 ? "hub 1 (via A)" : "hub 2 (via B)", (System.nanoTime() - t0) / 1_000_000);
    }
    await().atMost(CONVERGE).untilAsserted(() -> {
      for (String s : new String[] {store1, store2}) {
        JsonNode st = cloudA.store(s);
        assertEquals(st.get("revision").asLong(), st.get("appliedRevision").asLong(), st.toString());
      }
    });
  }

  @Test
  @Order(3)
  void bothInstancesListTheSameRevisionsAppliedRevisionsAndLastSeen() {
    // lastSeenAt moves with every hub call; equal snapshots taken back to back prove one state.
    await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      Map<String, String> a = view(cloudA);
      Map<String, String> b = view(cloudB);
      assertEquals(a, b);
      assertEquals(2, a.size(), a.toString());
    });
    Map<String, String> v = view(cloudA);
    System.out.println("both instances list: " + v);
  }

  @Test
  @Order(4)
  void selectorNarrowing_onB_changesOnlyTheMatchingStore() {
    long before1 = cloudA.store(store1).get("revision").asLong();
    cloudB.putService("cashier", "store.id=" + store2, SyncSupport.serviceSpec("cashier", "cashier", 3));
    await().atMost(CONVERGE).untilAsserted(() ->
        assertEquals(3, SyncSupport.hubService(hub2, "cashier").path("desiredCount").asInt()));
    assertEquals(2, SyncSupport.hubService(hub1, "cashier").path("desiredCount").asInt());
    assertEquals(before1, cloudB.store(store1).get("revision").asLong(), "store 1 unaffected");
  }

  /** Per store of this run: revision, appliedRevision, lastSeenAt, as the instance lists them. */
  Map<String, String> view(CloudProcess c) {
    Map<String, String> m = new TreeMap<>();
    for (JsonNode s : c.stores()) {
      String id = s.path("id").asText();
      if (id.equals(store1) || id.equals(store2)) {
        m.put(id, s.path("revision").asText() + "/" + s.path("appliedRevision").asText() + "/"
            + s.path("lastSeenAt").asText());
      }
    }
    return m;
  }

  static Map<String, String> labels(JsonNode store) {
    Map<String, String> m = new TreeMap<>();
    store.path("labels").fields().forEachRemaining(e -> {
      if (!e.getKey().equals("store.id")) {
        m.put(e.getKey(), e.getValue().asText());
      }
    });
    return m;
  }
}
