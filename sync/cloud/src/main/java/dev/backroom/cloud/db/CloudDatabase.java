package dev.backroom.cloud.db;

import dev.backroom.cloud.config.CloudConfig;
import dev.backroom.jdbc.Jdbc;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Picks the one active datasource. Both are declared in application.properties (db kind is a
 * build-time setting in Quarkus) and {@code backroom.cloud.db} activates exactly one of them; the
 * other is never started, so its URL need not point anywhere.
 */
@ApplicationScoped
public class CloudDatabase {
  public static final String H2 = "h2";
  public static final String POSTGRESQL = "postgresql";

  @Inject CloudConfig config;

  @Inject
  @DataSource(H2)
  InjectableInstance<AgroalDataSource> h2;

  @Inject
  @DataSource(POSTGRESQL)
  InjectableInstance<AgroalDataSource> postgresql;

  @Produces
  @ApplicationScoped
  @Named("cloud")
  Jdbc jdbc() {
    return new Jdbc(switch (config.db()) {
      case H2 -> h2.get();
      case POSTGRESQL -> postgresql.get();
      default -> throw new IllegalStateException("backroom.cloud.db must be h2 or postgresql, not '"
          + config.db() + "'");
    });
  }
}
