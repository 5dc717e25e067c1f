package dev.backroom.agent.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.tls.PinnedCa;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifies that the files registration leaves (the device credential, the pinned CA) are 0600
 * in a 0700 data directory, whether that directory is new or an older agent left it open.
 */
class EnrollFileModesTest {
  @TempDir Path tmp;

  interface Io {
    void run(Path dataDir) throws IOException;
  }

  record Case(String name, Io write, Io read) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final DeviceCredentialFile CREDENTIAL = new DeviceCredentialFile("nuc-1",
      "https://hub:8080", "device:nuc-1", "s3", "workload:nuc-1", "w3", null, null);

  static List<Case> files() throws IOException {
    PinnedCa ca;
    try (var in = EnrollFileModesTest.class.getResourceAsStream("/enroll/test-ca-a.pem")) {
      ca = PinnedCa.fromPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
    return List.of(
        new Case(DeviceCredentialFile.NAME, CREDENTIAL::write,
            d -> assertEquals("nuc-1", DeviceCredentialFile.read(d).orElseThrow().deviceId())),
        new Case(HubCaFile.NAME, d -> HubCaFile.write(d, ca),
            d -> assertEquals(ca.fingerprint(), HubCaFile.read(d).orElseThrow().fingerprint())));
  }

  @ParameterizedTest
  @MethodSource("files")
  void freshDataDirectory_isCreated0700_withTheFile0600(Case c) throws IOException {
    Path data = tmp.resolve("var/agent");
    c.write().run(data);
    assertEquals("rwx------", mode(data));
    assertEquals("rw-------", mode(data.resolve(c.name())));
    try (var listing = Files.list(data)) {
      assertTrue(listing.allMatch(p -> p.getFileName().toString().equals(c.name())),
          "no temp file left");
    }
  }

  @ParameterizedTest
  @MethodSource("files")
  void openDataDirectory_isNarrowedWhenTheAgentReadsIt(Case c) throws IOException {
    Path data = tmp.resolve("old");
    c.write().run(data);
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data.resolve(c.name()),
        PosixFilePermissions.fromString("rw-r--r--"));
    c.read().run(data);
    assertEquals("rw-------", mode(data.resolve(c.name())));
    if (c.name().equals(DeviceCredentialFile.NAME)) {
      // The credential is read first at every agent start, so it narrows the directory too.
      assertEquals("rwx------", mode(data));
    }
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
