package dev.backroom.harness;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The credentials a test hub starts with: the first admin's password and a bootstrap admin
 * token (backroom.auth.bootstrap-token). Passed as environment variables, which keeps them off
 * the command line and lets a hub built before auth existed ignore them.
 */
public record HubAuth(String adminPassword, String adminToken) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Fresh random credentials. */
  public static HubAuth random() {
    return new HubAuth("pw-" + hex(12), "bt-" + hex(24));
  }

  public Map<String, String> environment() {
    return Map.of("BACKROOM_AUTH_ADMIN_PASSWORD", adminPassword,
        "BACKROOM_AUTH_BOOTSTRAP_TOKEN", adminToken);
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
