package dev.backroom.hub.sync;

import dev.backroom.sync.auth.StoreCredential;
import dev.backroom.sync.wire.SyncJson;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Starts the {@link CloudStandIn} and enrolls the hub with it (an identity file) before boot. */
public class CloudStandInResource implements QuarkusTestResourceLifecycleManager {
  static final String STORE = "store-test-1";

  @Override
  public Map<String, String> start() {
    try {
      StoreCredential cred = StoreCredential.issue(STORE, new Random(7));
      CloudStandIn standIn = new CloudStandIn(STORE, cred.token());
      Path file = Path.of("target", "sync-test", "cloud-identity.json").toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.write(file, SyncJson.write(Map.of("cloudUrl", standIn.url().toString(),
          "storeId", STORE, "credential", cred.token())));
      CloudStandIn.current = standIn;
      return Map.of("backroom.sync.identity-file", file.toString(),
          "backroom.sync.poll-wait", "1s", "backroom.sync.report-interval", "300ms",
          "backroom.sync.request-timeout", "2s", "backroom.sync.backoff-base", "20ms",
          "backroom.sync.backoff-cap", "200ms", "backroom.sync.max-events-per-batch", "5");
    } catch (Exception e) {
      throw new IllegalStateException("could not start the cloud stand-in", e);
    }
  }

  @Override
  public void stop() {
    if (CloudStandIn.current != null) {
      CloudStandIn.current.close();
    }
  }

  /** The profile of every test that runs the hub against the stand-in. */
  public static class Profile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(CloudStandInResource.class));
    }
  }
}
