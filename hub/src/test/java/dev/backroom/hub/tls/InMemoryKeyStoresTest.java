package dev.backroom.hub.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Verifies that the hub asks for one PBKDF2 round for in-memory PKCS12 key entries unless the
 * operator chose, and that such an entry still gives its key back.
 */
class InMemoryKeyStoresTest {
  private final String before = System.getProperty(InMemoryKeyStores.ROUNDS);

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(InMemoryKeyStores.ROUNDS);
    } else {
      System.setProperty(InMemoryKeyStores.ROUNDS, before);
    }
  }

  @ParameterizedTest
  @CsvSource(value = {"'',1", "5000,5000", "10000,10000"})
  void fewRounds_unlessTheOperatorSetThem(String set, String expected) {
    System.clearProperty(InMemoryKeyStores.ROUNDS);
    if (!set.isEmpty()) {
      System.setProperty(InMemoryKeyStores.ROUNDS, set);
    }
    InMemoryKeyStores.fewRounds();
    assertEquals(expected, System.getProperty(InMemoryKeyStores.ROUNDS));
  }

  @Test
  void aKeyEntryWithOneRound_givesItsKeyBack() throws Exception {
    System.clearProperty(InMemoryKeyStores.ROUNDS);
    InMemoryKeyStores.fewRounds();
    StoreCa ca = StoreCa.loadOrCreate(java.nio.file.Files.createTempDirectory("ks"),
        List.of("localhost"), java.time.Instant.now(), java.time.Duration.ofDays(30),
        java.time.Duration.ofDays(1));
    KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    Certificate cert = ca.ca().certificate();
    ks.setKeyEntry("k", pair.getPrivate(), "pw".toCharArray(), new Certificate[] {cert});
    assertArrayEquals(pair.getPrivate().getEncoded(),
        ks.getKey("k", "pw".toCharArray()).getEncoded());
  }
}
