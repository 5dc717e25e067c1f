package dev.backroom.hub.store;

import dev.backroom.config.files.OwnerOnly;
import dev.backroom.hub.config.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps {@code backroom.data-dir} owner-only: the directory and every one below it (tls/) mode
 * 0700, every file 0600. It holds password hashes, token digests, the audit log (all in H2's
 * {@code hub.mv.db}), the store CA's key, the key that seals access key secrets and the cloud
 * identity.
 *
 * <p>H2 creates its files (and Flyway migrates, {@link SchemaMigration}) before this start
 * observer runs, with the process's umask, so they are narrowed here; files H2 creates later
 * (trace, temp) sit in the 0700 directory, and {@code ./backroom} runs the hub under umask 077
 * so they are 0600 from the start as well. A path that cannot be narrowed (another user's file)
 * stops the start: a hub that cannot keep its secrets private should not run with them.
 */
@ApplicationScoped
public class DataDirectory {
  private static final Logger LOG = Logger.getLogger(DataDirectory.class);

  @Inject HubConfig config;

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent e) {
    secure(Path.of(config.dataDir()));
  }

  /** Narrows {@code dir} and all below it; logs what had been open. */
  static void secure(Path dir) {
    try {
      List<Path> changed = OwnerOnly.tree(dir);
      if (!changed.isEmpty()) {
        LOG.infof("narrowed %d path(s) in %s to owner-only (0700/0600)", changed.size(), dir);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot make the data directory " + dir
          + " owner-only (0700, files 0600): " + ex.getMessage(), ex);
    }
  }
}
