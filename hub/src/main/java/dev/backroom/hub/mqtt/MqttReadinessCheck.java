package dev.backroom.hub.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the hub's own client is connected to the broker it uses, and its accounts are set up. */
@Readiness
@ApplicationScoped
public class MqttReadinessCheck implements HealthCheck {
  @Inject HubMqtt mqtt;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("mqtt")
        .status(mqtt.isConnected() && mqtt.accountsReady())
        .withData("broker", String.valueOf(mqtt.brokerUri()))
        .withData("accounts", mqtt.accountsReady() ? "ready" : "setting up")
        .build();
  }
}
