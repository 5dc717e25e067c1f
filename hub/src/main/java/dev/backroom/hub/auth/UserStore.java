package dev.backroom.hub.auth;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users and tokens in H2 ({@code auth_users}, {@code auth_tokens}). */
@ApplicationScoped
public class UserStore {
  @Inject Jdbc jdbc;

  /** A user as stored; the hash never leaves the auth package. */
  public record User(String username, String role, String passwordHash, Instant createdAt,
      Instant updatedAt) {}

  /** A token as stored, without its secret. */
  public record Token(String tokenId, String username, String name, String role,
      String secretHash, Instant createdAt, Instant revokedAt) {}

  public long count() {
    return jdbc.queryOne("select count(*) from auth_users", rs -> rs.getLong(1)).orElse(0L);
  }

  public long countRole(String role) {
    return jdbc.queryOne("select count(*) from auth_users where role = ?", rs -> rs.getLong(1),
        role).orElse(0L);
  }

  public Optional<User> find(String username) {
    return jdbc.queryOne("select * from auth_users where username = ?", UserStore::user, username);
  }

  public List<User> list() {
    return jdbc.query("select * from auth_users order by username", UserStore::user);
  }

  /** False when the username is taken. */
  public boolean create(String username, String role, String passwordHash, Instant now) {
    return jdbc.update("insert into auth_users (username, role, password_hash, created_at,"
        + " updated_at) select ?, ?, ?, ?, ? where not exists"
        + " (select 1 from auth_users where username = ?)",
        username, role, passwordHash, now, now, username) == 1;
  }

  public boolean setPassword(String username, String passwordHash, Instant now) {
    return jdbc.update("update auth_users set password_hash = ?, updated_at = ? where username = ?",
        passwordHash, now, username) == 1;
  }

  public boolean setRole(String username, String role, Instant now) {
    return jdbc.update("update auth_users set role = ?, updated_at = ? where username = ?",
        role, now, username) == 1;
  }

  /** Deletes the user and, by cascade, its tokens. */
  public boolean delete(String username) {
    return jdbc.update("delete from auth_users where username = ?", username) == 1;
  }

  public void createToken(Token t) {
    jdbc.update("insert into auth_tokens (token_id, username, name, role, secret_hash,"
        + " created_at) values (?, ?, ?, ?, ?, ?)",
        t.tokenId(), t.username(), t.name(), t.role(), t.secretHash(), t.createdAt());
  }

  public Optional<Token> findToken(String tokenId) {
    return jdbc.queryOne("select * from auth_tokens where token_id = ?", UserStore::token, tokenId);
  }

  public List<Token> listTokens(String username) {
    return jdbc.query("select * from auth_tokens where (? is null or username = ?)"
        + " order by created_at, token_id", UserStore::token, username, username);
  }

  /** False when there is no such token or it was revoked already. */
  public boolean revokeToken(String tokenId, Instant now) {
    return jdbc.update("update auth_tokens set revoked_at = ? where token_id = ?"
        + " and revoked_at is null", now, tokenId) == 1;
  }

  private static User user(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new User(rs.getString("username"), rs.getString("role"), rs.getString("password_hash"),
        Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
  }

  private static Token token(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Token(rs.getString("token_id"), rs.getString("username"), rs.getString("name"),
        rs.getString("role"), rs.getString("secret_hash"), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "revoked_at"));
  }
}
