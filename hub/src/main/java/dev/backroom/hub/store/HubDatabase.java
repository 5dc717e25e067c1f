package dev.backroom.hub.store;

import dev.backroom.jdbc.Jdbc;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The hub's one {@link Jdbc}, over its H2 datasource. */
@ApplicationScoped
public class HubDatabase {
  @Produces
  @ApplicationScoped
  Jdbc jdbc(AgroalDataSource dataSource) {
    return new Jdbc(dataSource);
  }
}
