package dev.backroom.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backroom.config.json.Json;
import dev.backroom.harness.MosquittoProcess;
import dev.backroom.harness.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The transport floor's broker: a second Mosquitto started from a copy of the hub's broker's
 * own configuration (same binary, TLS certificate, key and ciphers, dynamic-security plugin,
 * queue limits and log level) and of its dynamic-security state as enrolment left it (every
 * device's account and role, default deny), on another port. One account is added: the
 * baseline's publisher, with the hub's role (assignments out, every device's reports in).
 *
 * <p>Why a copy rather than the hub's broker itself: with ACLs enforced, only the hub's account
 * may publish assignments and read status reports, and it is bound to the hub's client id; a
 * second client there would take over the hub's session. The copy keeps everything else of the
 * production path (TLS, password checks, ACL checks on every message, the real topics).
 */
final class BaselineBroker implements AutoCloseable {
  static final String USERNAME = "bench-baseline";
  /** The hub's role in the dynamic-security state (DynsecRoles.HUB). */
  private static final String HUB_ROLE = "backroom-hub";
  /** What the hub's own account uses (DynsecSeed.ITERATIONS). */
  private static final int ITERATIONS = 10_000;

  private final MosquittoProcess process;
  private final String password;

  private BaselineBroker(MosquittoProcess process, String password) {
    this.process = process;
    this.password = password;
  }

  /**
   * @param brokerDir the directory holding the broker's {@code mosquitto.conf} and, when it has
   *     the plugin, {@code dynamic-security.json}
   * @param dir where the copy lives
   */
  static BaselineBroker copyOf(Path brokerDir, Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = Ports.free();
    Path state = brokerDir.resolve("dynamic-security.json");
    Path stateCopy = dir.resolve("dynamic-security.json").toAbsolutePath();
    String password = null;
    if (Files.exists(state)) {
      password = UUID.randomUUID().toString();
      ObjectNode root = (ObjectNode) Json.mapper().readTree(state.toFile());
      byte[] salt = new byte[12];
      new SecureRandom().nextBytes(salt);
      ObjectNode c = ((ArrayNode) root.get("clients")).addObject().put("username", USERNAME)
          .put("textname", "scale bench baseline publisher");
      c.putArray("roles").addObject().put("rolename", HUB_ROLE);
      c.put("password", Base64.getEncoder().encodeToString(hash(password.toCharArray(), salt)))
          .put("salt", Base64.getEncoder().encodeToString(salt)).put("iterations", ITERATIONS);
      writePrivate(stateCopy, Json.mapper().writeValueAsString(root));
    }
    List<String> out = new ArrayList<>();
    boolean listenerSeen = false;
    for (String line : Files.readAllLines(brokerDir.resolve("mosquitto.conf"))) {
      if (line.startsWith("listener ")) {
        if (listenerSeen) {
          continue; // a second (plain) listener: the copy has the main one only
        }
        listenerSeen = true;
        out.add("listener " + port + " 127.0.0.1");
      } else if (line.startsWith("plugin_opt_config_file ")) {
        out.add("plugin_opt_config_file " + stateCopy);
      } else {
        out.add(line);
      }
    }
    if (!listenerSeen) {
      throw new IllegalStateException("no listener line in " + brokerDir.resolve("mosquitto.conf"));
    }
    Path conf = dir.resolve("mosquitto.conf");
    writePrivate(conf, String.join("\n", out) + "\n");
    return new BaselineBroker(MosquittoProcess.startWith(conf, port), password);
  }

  int port() {
    return process.port();
  }

  /** The publisher's password; null when the broker has no accounts (anonymous, no plugin). */
  String password() {
    return password;
  }

  @Override
  public void close() {
    process.stop();
  }

  private static byte[] hash(char[] password, byte[] salt) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
          .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, 512)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 unavailable", e);
    }
  }

  private static void writePrivate(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, text);
  }
}
