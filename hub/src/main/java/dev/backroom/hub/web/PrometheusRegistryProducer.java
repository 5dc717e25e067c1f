package dev.backroom.hub.web;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The hub's Prometheus registry. Quarkus's own Prometheus export is off
 * ({@code quarkus.micrometer.export.prometheus.enabled=false}) because it serves {@code /q/metrics}
 * as a bare Vert.x route that only a path-based permission could guard; Quarkus adds this
 * produced registry to its global composite, so every meter still lands here and
 * {@link MetricsResource} serves it behind {@code @RolesAllowed}.
 */
public class PrometheusRegistryProducer {
  @Produces
  @Singleton
  PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
