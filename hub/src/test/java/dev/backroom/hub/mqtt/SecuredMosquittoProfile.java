package dev.backroom.hub.mqtt;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The hub on an external Mosquitto whose dynamic security it manages. */
public class SecuredMosquittoProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(SecuredMosquittoResource.class));
  }
}
