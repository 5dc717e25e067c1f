package dev.backroom.hub.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.mqtt.tls.PinnedCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store CA on real files: created once, reused, server certificate renewed when due. */
class StoreCaTest {
  private static final Duration YEAR = Duration.ofDays(397);
  private static final Duration MONTH = Duration.ofDays(30);
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir Path dir;

  private StoreCa load(List<String> names, Instant now) {
    return StoreCa.loadOrCreate(dir, names, now, YEAR, MONTH);
  }

  @Test
  void firstStart_createsCaAndServerCertificate_allFilesOwnerOnly() throws Exception {
    StoreCa ca = load(StoreCa.defaultNames(List.of("hub.store-17.lan", "10.0.0.5")), NOW);

    for (String key : List.of(StoreCa.CA_KEY, StoreCa.SERVER_KEY, StoreCa.CA, StoreCa.SERVER)) {
      assertEquals("rw-------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(dir.resolve(key))), key);
    }
    X509Certificate server = ca.serverCertificate();
    server.verify(ca.ca().certificate().getPublicKey());
    assertTrue(StoreCa.sanValues(server).containsAll(
        List.of("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "hub.store-17.lan", "10.0.0.5")),
        StoreCa.sanValues(server).toString());
    assertEquals(-1, server.getBasicConstraints(), "the server certificate is no CA");
    assertEquals(0, ca.ca().certificate().getBasicConstraints(), "the CA signs leaves only");
    // server.pem is the chain a TLS server sends: leaf, then the CA
    String chain = Files.readString(ca.serverChainFile());
    assertEquals(2, chain.split("BEGIN CERTIFICATE").length - 1);
    assertEquals(ca.ca().fingerprint(), PinnedCa.fromFile(ca.caFile()).fingerprint());
  }

  @Test
  void laterStart_reusesCaAndServerCertificate() {
    List<String> names = StoreCa.defaultNames(List.of());
    StoreCa first = load(names, NOW);
    StoreCa second = load(names, NOW.plus(Duration.ofDays(100)));

    assertEquals(first.ca().fingerprint(), second.ca().fingerprint());
    assertEquals(first.serverCertificate().getSerialNumber(),
        second.serverCertificate().getSerialNumber());
  }

  @Test
  void serverCertificateNearExpiry_isReissuedBySameCa() throws Exception {
    List<String> names = StoreCa.defaultNames(List.of());
    StoreCa first = load(names, NOW);
    StoreCa later = load(names, NOW.plus(YEAR).minus(Duration.ofDays(10)));

    assertEquals(first.ca().fingerprint(), later.ca().fingerprint(), "devices keep their pin");
    assertNotEquals(first.serverCertificate().getSerialNumber(),
        later.serverCertificate().getSerialNumber());
    later.serverCertificate().verify(later.ca().certificate().getPublicKey());
    assertTrue(later.serverCertificate().getNotAfter().toInstant()
        .isAfter(NOW.plus(YEAR).plus(Duration.ofDays(300))));
  }

  @Test
  void newExtraName_reissuesServerCertificate() {
    StoreCa first = load(StoreCa.defaultNames(List.of()), NOW);
    StoreCa more = load(StoreCa.defaultNames(List.of("10.1.2.3")), NOW);

    assertNotEquals(first.serverCertificate().getSerialNumber(),
        more.serverCertificate().getSerialNumber());
    assertTrue(StoreCa.sanValues(more.serverCertificate()).contains("10.1.2.3"));
    assertFalse(StoreCa.needsRenewal(more.serverCertificate(), more.ca().certificate(),
        StoreCa.defaultNames(List.of("10.1.2.3")), NOW, MONTH));
  }

  @Test
  void serverCertificateOfAnotherCa_isReissued(@TempDir Path other) {
    StoreCa mine = load(StoreCa.defaultNames(List.of()), NOW);
    StoreCa theirs = StoreCa.loadOrCreate(other, StoreCa.defaultNames(List.of()), NOW, YEAR, MONTH);

    assertTrue(StoreCa.needsRenewal(theirs.serverCertificate(), mine.ca().certificate(),
        StoreCa.defaultNames(List.of()), NOW, MONTH));
    assertNotEquals(mine.ca().fingerprint(), theirs.ca().fingerprint());
  }
}
