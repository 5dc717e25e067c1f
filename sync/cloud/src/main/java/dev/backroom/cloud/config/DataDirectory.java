package dev.backroom.cloud.config;

import dev.backroom.config.files.OwnerOnly;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps {@code backroom.cloud.data-dir} owner-only (directories 0700, files 0600): with H2 it
 * holds every store's credentials digests and desired state, and the generated admin token. H2
 * creates its files before start observers run, with the process's umask, so they are narrowed
 * here first thing; {@code ./backroom cloud} runs under umask 077 for the files H2 makes later.
 * A data directory that cannot be narrowed stops the start. Nothing is created when the
 * directory does not exist (PostgreSQL and a configured admin token need none).
 */
@ApplicationScoped
public class DataDirectory {
  private static final Logger LOG = Logger.getLogger(DataDirectory.class);

  @Inject CloudConfig config;

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent e) {
    Path dir = Path.of(config.dataDir());
    if (!Files.isDirectory(dir)) {
      return;
    }
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
