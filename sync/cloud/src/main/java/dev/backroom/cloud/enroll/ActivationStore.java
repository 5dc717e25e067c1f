package dev.backroom.cloud.enroll;

import dev.backroom.jdbc.Jdbc;
import dev.backroom.cloud.stores.StoreStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The activations table; only the PBKDF2 hash of a code is ever stored. */
@ApplicationScoped
public class ActivationStore {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  /** A stored activation. */
  public record Activation(String id, String storeId, Map<String, String> labels, String codeHash,
      Instant expiresAt, int maxUses, int uses) {}

  public void create(Activation a, Instant now) {
    jdbc.update("INSERT INTO activations (id, store_id, labels, code_hash, expires_ms, max_uses,"
        + " uses, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", a.id(), a.storeId(),
        StoreStore.writeLabels(a.labels()), a.codeHash(), a.expiresAt().toEpochMilli(),
        a.maxUses(), a.uses(), now.toEpochMilli());
  }

  public Optional<Activation> find(String id) {
    return jdbc.queryOne("SELECT * FROM activations WHERE id = ?", ActivationStore::map, id);
  }

  /** Locks the row so two hubs racing for the last use cannot both get it. */
  public Optional<Activation> lock(String id) {
    return jdbc.queryOne("SELECT * FROM activations WHERE id = ? FOR UPDATE", ActivationStore::map,
        id);
  }

  public void use(String id) {
    jdbc.update("UPDATE activations SET uses = uses + 1 WHERE id = ?", id);
  }

  private static Activation map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Activation(rs.getString("id"), rs.getString("store_id"),
        StoreStore.readLabels(rs.getString("labels")), rs.getString("code_hash"),
        Instant.ofEpochMilli(rs.getLong("expires_ms")), rs.getInt("max_uses"), rs.getInt("uses"));
  }
}
