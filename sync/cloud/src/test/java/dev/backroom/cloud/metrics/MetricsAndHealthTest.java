package dev.backroom.cloud.metrics;

import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enrolledStore;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MetricsAndHealthTest {
  @Test
  void syncRequests_areCountedPerEndpoint_andHealthIsUp() {
    String cred = enrolledStore(uniqueId("m"), Map.of());
    as(cred).get("/sync/v1/desired?since=0").then().statusCode(200);
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("backroom_cloud_sync_requests_seconds_count{endpoint=\"desired\",status=\"200\"}"))
        .body(containsString("backroom_cloud_sync_requests_seconds_count{endpoint=\"enroll\",status=\"200\"}"));
  }
}
