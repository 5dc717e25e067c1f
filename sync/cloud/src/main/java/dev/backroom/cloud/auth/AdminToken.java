package dev.backroom.cloud.auth;

import dev.backroom.cloud.config.AdminTokenFile;
import dev.backroom.cloud.config.CloudConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.jboss.logging.Logger;

/** The operator's token, configured or generated at startup (so the path is logged at once). */
@Startup
@ApplicationScoped
public class AdminToken {
  private static final Logger LOG = Logger.getLogger(AdminToken.class);

  @Inject CloudConfig config;
  @Inject SecureRandom random;
  private byte[] token;

  @PostConstruct
  void load() {
    String value = config.adminToken().filter(t -> !t.isBlank()).orElseGet(() -> {
      Path file = Path.of(config.dataDir()).resolve("admin-token").toAbsolutePath();
      String generated = AdminTokenFile.readOrCreate(file, random);
      LOG.infof("admin token (backroom.cloud.admin-token unset) is in %s", file);
      return generated;
    });
    token = value.getBytes(StandardCharsets.UTF_8);
  }

  /** Constant-time comparison, so response timing does not leak the token. */
  public boolean matches(String candidate) {
    return candidate != null
        && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }
}
