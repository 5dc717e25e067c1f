package dev.backroom.hub.accesskeys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.ecs.keys.AccessKeyGrant;
import dev.backroom.ecs.keys.AccessKeyStatus;
import dev.backroom.jdbc.Jdbc;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store and the lookup on real H2 migrated by the hub's own migrations (a fresh in-memory
 * database per test), with a real sealer: what a verifier gets for each state a key can be in.
 */
class AccessKeyStoreTest {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  Jdbc jdbc;
  AccessKeyStore store;
  AccessKeys keys;

  @BeforeEach
  void migrate() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:keys-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    jdbc = new Jdbc(ds);
    store = new AccessKeyStore(jdbc);
    keys = new AccessKeys(store, AccessKeyCryptoTest.sealer(7));
    user("ann", "operator");
  }

  void user(String name, String role) {
    jdbc.update("insert into auth_users (username, role, password_hash, created_at, updated_at)"
        + " values (?, ?, 'x', ?, ?)", name, role, NOW, NOW);
  }

  @Test
  void issuedKey_isFoundWithItsSecretOwnerAndRole_andStoredSealedOnly() {
    AccessKeys.Issued k = keys.issue("ann", "viewer", "laptop", null, NOW);

    AccessKeyGrant g = keys.find(k.key().accessKeyId(), NOW).orElseThrow();
    assertEquals(k.secretAccessKey(), g.secretAccessKey());
    assertEquals("ann", g.owner());
    assertEquals("viewer", g.role());
    assertEquals(AccessKeyStatus.ACTIVE, g.status());
    assertTrue(g.usable());
    assertFalse(g.toString().contains(k.secretAccessKey()), "a logged grant shows no secret");

    List<String> dump = jdbc.query("script", rs -> rs.getString(1));
    assertTrue(dump.stream().anyMatch(l -> l.contains(k.key().accessKeyId())), "the dump has the row");
    assertTrue(dump.stream().noneMatch(l -> l.contains(k.secretAccessKey())),
        "no line of the whole database holds the secret");
    AccessKeyStore.Row row = store.find(k.key().accessKeyId()).orElseThrow();
    assertFalse(new String(row.secretSealed(), java.nio.charset.StandardCharsets.ISO_8859_1)
        .contains(k.secretAccessKey()));
  }

  @Test
  void pipelineKey_actsAsThePipelineWithItsOwnRole() {
    AccessKeys.Issued k = keys.issue(null, "admin", "ci", null, NOW);
    AccessKeyGrant g = keys.find(k.key().accessKeyId(), NOW).orElseThrow();
    assertNull(g.username());
    assertEquals("pipeline:" + k.key().accessKeyId(), g.owner());
    assertEquals("admin", g.role());
  }

  @Test
  void aRowCopiedToAnotherKeyId_doesNotOpen() {
    AccessKeys.Issued k = keys.issue(null, "admin", "ci", null, NOW);
    String copy = "BKRMCOPYCOPYCOPYCOPY";
    jdbc.update("insert into access_keys (access_key_id, username, role, description,"
        + " secret_sealed, enabled, created_at, expires_at) select ?, username, role,"
        + " description, secret_sealed, enabled, created_at, expires_at from access_keys"
        + " where access_key_id = ?", copy, k.key().accessKeyId());

    AccessKeyGrant g = keys.find(copy, NOW).orElseThrow();
    assertEquals(AccessKeyStatus.UNREADABLE, g.status());
    assertNull(g.secretAccessKey());
    assertFalse(g.usable());
    assertEquals(AccessKeyStatus.UNREADABLE, keys.get(copy, NOW).orElseThrow().status());
    assertEquals(k.secretAccessKey(),
        keys.find(k.key().accessKeyId(), NOW).orElseThrow().secretAccessKey(), "the original opens");
  }

  @Test
  void anotherSealingKey_makesEveryKeyUnreadable() {
    AccessKeys.Issued k = keys.issue("ann", "viewer", null, null, NOW);
    AccessKeys other = new AccessKeys(store, AccessKeyCryptoTest.sealer(8));
    assertEquals(AccessKeyStatus.UNREADABLE,
        other.find(k.key().accessKeyId(), NOW).orElseThrow().status());
  }

  @Test
  void expiry_isEnforcedByTheLookupAtTheInstantGiven() {
    Instant expiresAt = NOW.plus(1, ChronoUnit.HOURS);
    String id = keys.issue(null, "operator", null, expiresAt, NOW).key().accessKeyId();
    assertEquals(AccessKeyStatus.ACTIVE, keys.find(id, expiresAt.minusMillis(1)).orElseThrow()
        .status());
    AccessKeyGrant after = keys.find(id, expiresAt).orElseThrow();
    assertEquals(AccessKeyStatus.EXPIRED, after.status());
    assertFalse(after.usable());
    assertTrue(after.secretAccessKey() != null, "a verifier may still check the signature first");
  }

  @Test
  void disabled_isUnusableUntilEnabled_andUnknownIdsChangeNothing() {
    String id = keys.issue("ann", "operator", null, null, NOW).key()
        .accessKeyId();
    assertTrue(keys.setEnabled(id, false));
    assertEquals(AccessKeyStatus.DISABLED, keys.find(id, NOW).orElseThrow().status());
    assertTrue(keys.setEnabled(id, true));
    assertEquals(AccessKeyStatus.ACTIVE, keys.find(id, NOW).orElseThrow().status());
    assertFalse(keys.setEnabled("BKRMNONENONENONENONE", false));
    assertFalse(keys.setEnabled("../etc", false));
    assertFalse(keys.delete("BKRMNONENONENONENONE"));
  }

  @Test
  void unknownDeletedOrMisshapenIds_findNothing() {
    String id = keys.issue(null, "viewer", null, null, NOW).key().accessKeyId();
    assertTrue(keys.delete(id));
    for (String missing : new String[] {id, "BKRMNONENONENONENONE", "AKIAIOSFODNN7EXAMPLE", "",
        null, "' or 1=1 --"}) {
      assertEquals(Optional.empty(), keys.find(missing, NOW), String.valueOf(missing));
    }
  }

  @Test
  void aUsersKey_canDoNoMoreThanTheUserNow_andGoesWithTheUser() {
    String id = keys.issue("ann", "operator", null, null, NOW).key().accessKeyId();
    jdbc.update("update auth_users set role = 'viewer' where username = 'ann'");
    assertEquals("viewer", keys.find(id, NOW).orElseThrow().role(), "demoted user");
    assertEquals("viewer", keys.get(id, NOW).orElseThrow().role(), "the listing says the same");
    jdbc.update("update auth_users set role = 'admin' where username = 'ann'");
    assertEquals("operator", keys.find(id, NOW).orElseThrow().role(), "never above its own role");
    jdbc.update("delete from auth_users where username = 'ann'");
    assertEquals(Optional.empty(), keys.find(id, NOW));
  }

  @Test
  void list_isOldestFirst_withoutSecrets() {
    String a = keys.issue(null, "viewer", "a", null, NOW).key().accessKeyId();
    String b = keys.issue("ann", "viewer", "b", NOW.plusSeconds(60), NOW.plusSeconds(1)).key()
        .accessKeyId();
    List<AccessKeys.Listed> listed = keys.list(NOW.plusSeconds(120));
    assertEquals(List.of(a, b), listed.stream().map(AccessKeys.Listed::accessKeyId).toList());
    assertEquals(List.of(AccessKeyStatus.ACTIVE, AccessKeyStatus.EXPIRED),
        listed.stream().map(AccessKeys.Listed::status).toList());
    assertEquals(NOW.plusSeconds(60), listed.get(1).expiresAt());
    AccessKeyStore.Row row = store.find(a).orElseThrow();
    assertArrayEquals(row.secretSealed(), store.list().get(0).secretSealed());
  }
}
