package dev.backroom.cloud.enroll;

import static dev.backroom.cloud.support.Cloud.activate;
import static dev.backroom.cloud.support.Cloud.as;
import static dev.backroom.cloud.support.Cloud.enroll;
import static dev.backroom.cloud.support.Cloud.uniqueId;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.cloud.support.Cloud;
import dev.backroom.cloud.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class EnrollmentTest {
  @Inject TestClock clock;

  @Test
  void goodActivation_createsStoreWithLabels_andIssuesWorkingCredential() {
    String id = uniqueId("enroll");
    Response r = enroll(activate(id, Map.of("region", "eu"), 3600, 1));
    r.then().statusCode(200).body("storeId", equalTo(id))
        .body("credential", startsWith("brs1." + id + "."))
        .body("cloudUrl", startsWith("http://"));
    String credential = r.path("credential");
    as(credential).get("/sync/v1/desired?since=0").then().statusCode(200)
        .body("storeId", equalTo(id)).body("full", equalTo(true));
    Cloud.admin().get("/api/v1/stores/" + id).then().statusCode(200)
        .body("enrolled", equalTo(true)).body("labels.region", equalTo("eu"))
        .body("labels.'store.id'", equalTo(id)).body("hubName", equalTo("hub-1"));
  }

  @Test
  void reEnrolment_replacesThePreviousCredential() {
    String id = uniqueId("reenroll");
    Cloud.Activation a = activate(id, Map.of(), 3600, 2);
    String first = enroll(a).path("credential");
    String second = enroll(a).path("credential");
    as(first).get("/sync/v1/desired").then().statusCode(401).body("error", equalTo("unauthorized"));
    as(second).get("/sync/v1/desired").then().statusCode(200);
  }

  /** A refused enrolment: how to provoke it and what the hub must be told. */
  record Refusal(String name, Function<EnrollmentTest, Response> attempt, int status, String error,
      String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal("wrong code", t -> {
          Cloud.Activation a = activate(uniqueId("wrong"), Map.of(), 3600, 1);
          return enroll(new Cloud.Activation(a.id(), "AAAAAAAAAAAAAAAAAAAA"));
        }, 401, "activation_invalid", "activation code is wrong"),
        new Refusal("unknown activation", t -> enroll(new Cloud.Activation("act-0000000000000000",
            "AAAAAAAAAAAAAAAAAAAA")), 401, "activation_invalid", "no such activation"),
        new Refusal("expired", t -> {
          Cloud.Activation a = activate(uniqueId("expired"), Map.of(), 60, 1);
          t.clock.advance(Duration.ofSeconds(61));
          return enroll(a);
        }, 410, "activation_expired", "expired at"),
        new Refusal("used up", t -> {
          Cloud.Activation a = activate(uniqueId("usedup"), Map.of(), 3600, 1);
          enroll(a).then().statusCode(200);
          return enroll(a);
        }, 410, "activation_used_up", "is used up (1 of 1 uses)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedEnrolment_answersCodeAndClearMessage(Refusal c) {
    Response r = c.attempt().apply(this);
    r.then().statusCode(c.status()).body("error", equalTo(c.error()))
        .body("message", containsString(c.message()));
  }

  @Test
  void activationWithBadFields_isRefusedWithEveryPath() {
    Response r = Cloud.admin().body(Map.of("storeId", "bad id!", "labels", Map.of("store.id", "x"),
        "expiresInSeconds", 0, "maxUses", 0)).post("/api/v1/activations");
    r.then().statusCode(400);
    assertEquals(Stream.of("storeId", "labels.store.id", "expiresInSeconds", "maxUses").toList(),
        r.jsonPath().getList("violations.path"));
  }
}
