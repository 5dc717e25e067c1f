package dev.backroom.hub.store;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Readiness includes the storage: verifies that /q/health/ready is DOWN (503) with the storage
 * check saying why while writes fail for want of disk, although H2 still answers its query, and
 * UP again once a write reaches the disk.
 */
@QuarkusTest
class StorageReadinessTest {
  @Inject StorageHealth health;

  @Test
  void writesFailingForWantOfDisk_readinessDown_untilAWriteSucceeds() {
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'storage' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'storage' }.data.database", equalTo("answering"));

    health.failed(new SQLException("General error: MVStoreException: Writing failed", "HY000",
        50000, new IOException("No space left on device")));
    given().get("/q/health/ready").then().statusCode(503)
        .body("status", equalTo("DOWN"))
        .body("checks.name", hasItem("storage"))
        .body("checks.find { it.name == 'storage' }.status", equalTo("DOWN"))
        .body("checks.find { it.name == 'storage' }.data.database",
            startsWith("writes failing (full)"))
        .body("checks.find { it.name == 'storage' }.data.last-error",
            equalTo("No space left on device"));

    health.wrote();
    given().get("/q/health/ready").then().statusCode(200)
        .body("checks.find { it.name == 'storage' }.status", equalTo("UP"));
  }
}
