package dev.backroom.harness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * What an operator sets up before pointing a hub at a Mosquitto of their own (docs/security.md,
 * "Set Mosquitto up once"): a configuration that loads the dynamic-security plugin, refuses
 * anonymous clients and binds to loopback, and the plugin's first file with one admin client
 * allowed the control topic only, every default access denied. Written here from the documented
 * setup rather than taken from the hub (whose code the harness must not link), so the end-to-end
 * tests hold the hub to what an operator is told to do; the hub's own tests use its
 * {@code DynsecBootstrap}, which writes the same.
 */
final class OperatorMosquittoFiles {
  /** Where Debian and Ubuntu put the plugin; {@code BACKROOM_MOSQUITTO_DYNSEC} overrides. */
  private static final List<String> PLUGIN_PATHS = List.of(
      "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
      "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
      "/usr/lib/mosquitto_dynamic_security.so",
      "/usr/local/lib/mosquitto_dynamic_security.so");
  private static final String CONTROL_TOPIC = "$CONTROL/dynamic-security/v1";
  private static final String ADMIN_ROLE = "backroom-dynsec-admin";
  private static final int ITERATIONS = 10_000;

  private OperatorMosquittoFiles() {}

  /**
   * Writes {@code dir/mosquitto.conf} and {@code dir/dynamic-security.json} (mode 0600; an
   * existing plugin file is kept, since Mosquitto writes every change back into it). Returns the
   * configuration's path. Fails with how to install the plugin when it is missing.
   */
  static Path write(Path dir, int port, String adminUsername, char[] adminPassword) {
    Path conf = dir.resolve("mosquitto.conf");
    Path state = dir.resolve("dynamic-security.json");
    try {
      Files.createDirectories(dir);
      if (!Files.exists(state)) {
        writePrivate(state, Json.mapper().writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(initialState(adminUsername, adminPassword)));
      }
      // max_queued_messages: the default of 1000 silently drops QoS 1 messages to slow clients.
      // user: started as root, Mosquitto would switch to the user "mosquitto", which can neither
      // read the 0600 plugin file nor write its changes back; it stays whoever started it.
      writePrivate(conf, String.join("\n",
          "user " + System.getProperty("user.name"),
          "per_listener_settings false",
          "listener " + port + " 127.0.0.1",
          "allow_anonymous false",
          "plugin " + plugin(),
          "plugin_opt_config_file " + state.toAbsolutePath(),
          "persistence false",
          "max_queued_messages 100000",
          "log_dest stdout",
          "log_type error", "log_type warning", "log_type notice", "").getBytes());
      return conf;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path plugin() {
    String env = System.getenv("BACKROOM_MOSQUITTO_DYNSEC");
    if (env != null && Files.isRegularFile(Path.of(env))) {
      return Path.of(env);
    }
    for (String p : PLUGIN_PATHS) {
      if (Files.isRegularFile(Path.of(p))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException("Mosquitto's dynamic-security plugin is not installed"
        + " (looked for " + PLUGIN_PATHS + "): apt-get install mosquitto (2.0 or later),"
        + " or set BACKROOM_MOSQUITTO_DYNSEC to mosquitto_dynamic_security.so");
  }

  private static ObjectNode initialState(String adminUsername, char[] adminPassword) {
    ObjectNode root = Json.mapper().createObjectNode();
    byte[] salt = new byte[12];
    new SecureRandom().nextBytes(salt);
    ObjectNode admin = root.putArray("clients").addObject()
        .put("username", adminUsername)
        .put("textName", "backroom hub (dynamic-security admin)")
        .put("password", Base64.getEncoder().encodeToString(hash(adminPassword, salt)))
        .put("salt", Base64.getEncoder().encodeToString(salt))
        .put("iterations", ITERATIONS);
    admin.putArray("roles").addObject().put("rolename", ADMIN_ROLE);
    ArrayNode acls = root.putArray("roles").addObject().put("rolename", ADMIN_ROLE)
        .putArray("acls");
    // The hub's admin publishes commands and reads their answers; nothing else.
    acl(acls, "publishClientSend", CONTROL_TOPIC);
    acl(acls, "subscribeLiteral", CONTROL_TOPIC + "/response");
    acl(acls, "unsubscribeLiteral", CONTROL_TOPIC + "/response");
    acl(acls, "publishClientReceive", CONTROL_TOPIC + "/response");
    root.putObject("defaultACLAccess").put("publishClientSend", false)
        .put("publishClientReceive", false).put("subscribe", false).put("unsubscribe", false);
    return root;
  }

  private static void acl(ArrayNode acls, String type, String topic) {
    acls.addObject().put("acltype", type).put("topic", topic).put("allow", true);
  }

  /** The plugin's password hash: PBKDF2-HMAC-SHA512, 64 bytes. */
  private static byte[] hash(char[] password, byte[] salt) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
          .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 512)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 unavailable", e);
    }
  }

  private static void writePrivate(Path file, byte[] bytes) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, bytes);
  }
}
