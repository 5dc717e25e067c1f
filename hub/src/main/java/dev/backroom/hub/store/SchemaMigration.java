package dev.backroom.hub.store;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.CountDownLatch;
import org.flywaydb.core.Flyway;

/**
 * Brings the database to the newest schema (Flyway: validate what is applied, apply the rest),
 * first among the hub's start observers and before {@link DataDirectory} narrows the files H2
 * made. It is not Quarkus's migrate-at-start, which runs before any observer: so the hub's
 * Mosquitto, started by the observer before this one, comes up while Flyway works (about a
 * second on a store box), and the agents that reconnect after a hub restart find it sooner.
 * A failed migration still stops the start.
 */
@ApplicationScoped
public class SchemaMigration {
  /** Before {@link DataDirectory} (H2 creates its files here on a first start). */
  public static final int PRIORITY = Interceptor.Priority.PLATFORM_BEFORE - 200;

  @Inject Flyway flyway;

  private final CountDownLatch done = new CountDownLatch(1);

  void onStart(@Observes @Priority(PRIORITY) StartupEvent e) {
    try {
      flyway.migrate();
    } finally {
      done.countDown();
    }
  }

  /**
   * Returns once the migration has run (or failed, which stops the hub): for writers on threads
   * of their own that start with the broker, before the schema is known to be current.
   */
  public void awaitMigrated() throws InterruptedException {
    done.await();
  }
}
