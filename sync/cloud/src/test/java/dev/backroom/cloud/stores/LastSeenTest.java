package dev.backroom.cloud.stores;

import static dev.backroom.cloud.support.Cloud.admin;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.backroom.cloud.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A long-poll records that the store was seen, but writes it only when the last sign of life is
 * older than StoreStore.TOUCH_GRANULARITY_MS: a busy store's polls then cost the database no
 * write. Uploads and acks always record it.
 */
@QuarkusTest
class LastSeenTest {
  @Inject TestClock clock;

  @Test
  void poll_writesLastSeen_onlyWhenOlderThanTheGranularity() {
    String store = uniqueId("seen");
    String cred = enrolledStore(store, Map.of());
    clock.advance(Duration.ofMillis(StoreStore.TOUCH_GRANULARITY_MS + 1000));
    poll(cred);
    Instant first = lastSeen(store);

    clock.advance(Duration.ofMillis(StoreStore.TOUCH_GRANULARITY_MS / 2));
    poll(cred);
    assertEquals(first, lastSeen(store), "a poll within the granularity must not write again");

    clock.advance(Duration.ofMillis(StoreStore.TOUCH_GRANULARITY_MS));
    poll(cred);
    Instant later = lastSeen(store);
    assertNotEquals(first, later, "a poll after the granularity must record the store again");
    assertEquals(true, later.isAfter(first), later + " after " + first);
  }

  @Test
  void ack_recordsLastSeen_andRefusesARevisionAheadWithTheStoresRevision() {
    String store = uniqueId("seen");
    String cred = enrolledStore(store, Map.of());
    clock.advance(Duration.ofSeconds(1));
    poll(cred);
    Instant polled = lastSeen(store);
    clock.advance(Duration.ofSeconds(1));
    as(cred).body(Map.of("revision", 0)).post("/sync/v1/desired/ack").then().statusCode(200);
    assertEquals(true, lastSeen(store).isAfter(polled), "an ack records the store as seen");
    String message = as(cred).body(Map.of("revision", 7)).post("/sync/v1/desired/ack").then()
        .statusCode(400).extract().jsonPath().getString("message");
    assertEquals("revision 7 is ahead of the store's revision 0", message);
    assertEquals(0, admin().get("/api/v1/stores/" + store).then().extract().jsonPath()
        .getLong("appliedRevision"));
  }

  private static void poll(String cred) {
    as(cred).get("/sync/v1/desired?since=0&wait=0").then().statusCode(200);
  }

  private static Instant lastSeen(String store) {
    return Instant.parse(admin().get("/api/v1/stores/" + store).then().statusCode(200).extract()
        .jsonPath().getString("lastSeenAt"));
  }
}
