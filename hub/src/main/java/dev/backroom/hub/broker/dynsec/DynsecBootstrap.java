package dev.backroom.hub.broker.dynsec;

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
 * Writes a Mosquitto configuration that loads the dynamic-security plugin, refuses anonymous
 * clients and binds to loopback, plus the plugin's initial file: one admin client that may use
 * the control topic and nothing else, every default access denied. The same as
 * {@code mosquitto_ctrl dynsec init} with a narrower admin role; the hub's
 * {@link MosquittoDynamicSecurity} then adds everything else through that admin.
 */
public final class DynsecBootstrap {
  /** Where Debian and Ubuntu put the plugin; {@code BACKROOM_MOSQUITTO_DYNSEC} overrides. */
  private static final List<String> PLUGIN_PATHS = List.of(
      "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so",
      "/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so",
      "/usr/lib/mosquitto_dynamic_security.so",
      "/usr/local/lib/mosquitto_dynamic_security.so");
  /** Mosquitto's own createClient uses 101; an admin logs in rarely, so it can afford more. */
  private static final int ITERATIONS = 10_000;

  private DynsecBootstrap() {}

  /** The plugin's path; fails with how to install it when it is missing. */
  public static Path plugin() {
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

  /**
   * Writes {@code dir/mosquitto.conf} and {@code dir/dynamic-security.json} (mode 0600; an
   * existing plugin file is kept, since Mosquitto writes every change back into it). Returns the
   * configuration's path.
   */
  public static Path write(Path dir, int port, String adminUsername, char[] adminPassword) {
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

  static ObjectNode initialState(String adminUsername, char[] adminPassword) {
    ObjectNode root = Json.mapper().createObjectNode();
    byte[] salt = new byte[12];
    new SecureRandom().nextBytes(salt);
    ObjectNode admin = root.putArray("clients").addObject()
        .put("username", adminUsername)
        .put("textName", "backroom hub (dynamic-security admin)")
        .put("password", Base64.getEncoder().encodeToString(hash(adminPassword, salt, ITERATIONS)))
        .put("salt", Base64.getEncoder().encodeToString(salt))
        .put("iterations", ITERATIONS);
    admin.putArray("roles").addObject().put("rolename", DynsecRoles.ADMIN);
    ObjectNode role = root.putArray("roles").addObject().put("rolename", DynsecRoles.ADMIN);
    ArrayNode acls = role.putArray("acls");
    for (DynsecRoles.Acl a : DynsecRoles.admin()) {
      acls.addObject().put("acltype", a.type()).put("topic", a.topic()).put("allow", true);
    }
    root.putObject("defaultACLAccess").put("publishClientSend", false)
        .put("publishClientReceive", false).put("subscribe", false).put("unsubscribe", false);
    return root;
  }

  /** The plugin's password hash: PBKDF2-HMAC-SHA512, 64 bytes. */
  public static byte[] hash(char[] password, byte[] salt, int iterations) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
          .generateSecret(new PBEKeySpec(password, salt, iterations, 512)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 unavailable", e);
    }
  }

  private static void writePrivate(Path file, byte[] bytes) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(file, bytes);
  }
}
