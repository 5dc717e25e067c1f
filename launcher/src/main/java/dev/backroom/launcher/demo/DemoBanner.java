package dev.backroom.launcher.demo;

import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;
import java.nio.file.Path;

/** What the demo prints once everything runs: where things are, and commands to try. */
final class DemoBanner {
  private DemoBanner() {}

  static String text(Path data, HubProcess hub, CloudProcess cloud, String store, int telemetryPort,
      String dockerHost) {
    String hubUrl = hub.baseUrl();
    String api = hubUrl + "/api/v1";
    String curlCa = hub.tls() ? "--cacert " + hub.caFile() + " " : "";
    String pubCa = hub.tls() ? "--cafile " + hub.caFile() + " " : "";
    String image = DockerEngine.TEST_IMAGE;
    String c = cloud.url();
    return """

        Backroom demo is running.
          API:     %1$s
          Login:   %2$s/login  user admin, password %3$s
                   (the password the hub's first start used; %4$s/hub-admin-password)
          Token:   %5$s  (admin bearer token; %4$s/hub-admin-token)
          Cloud:   %6$s  (store %7$s; admin token in %4$s/cloud-admin-token)
          Logs:    %4$s/hub.log, %4$s/agent.log, %4$s/cloud.log
          Engine:  DOCKER_HOST=%8$s

        Try, in another terminal. Locally, on the hub:

          HUB="Authorization: Bearer $(cat %4$s/hub-admin-token)"
          curl -sS %9$s-X POST %1$s/task-definitions -H "$HUB" -H 'Content-Type: application/json' -d '{
            "family": "hello",
            "containerDefinitions": [{
              "name": "hello",
              "image": "%10$s",
              "command": ["sh", "-c", "while true; do echo hello from backroom; sleep 5; done"],
              "memory": 32
            }],
            "networkMode": "none"
          }'

          curl -sS %9$s-X POST %1$s/services -H "$HUB" -H 'Content-Type: application/json' \\
            -d '{"serviceName": "hello", "taskDefinition": "hello", "desiredCount": 2}'

          curl -sS %9$s%1$s/tasks -H "$HUB"

          DOCKER_HOST=%8$s docker ps --filter label=backroom.managed=true

        From the cloud (the hub applies it at the next sync; selector picks stores by label):

          TOKEN=$(cat %4$s/cloud-admin-token)
          curl -sS -X PUT %6$s/api/v1/desired/task-definitions/greeter \\
            -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
            "selector": "region=demo",
            "spec": {"family": "greeter", "networkMode": "none", "containerDefinitions": [{
              "name": "main", "image": "%10$s", "memory": 16,
              "command": ["sh", "-c", "while true; do echo hello from the cloud; sleep 5; done"]}]}}'
          curl -sS -X PUT %6$s/api/v1/desired/services/greeter \\
            -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
            -d '{"selector": "store.id=%7$s", "spec": {"serviceName": "greeter", "taskDefinition": "greeter", "desiredCount": 1}}'

          curl -sS %6$s/api/v1/stores/%7$s -H "Authorization: Bearer $TOKEN"
          curl -sS %6$s/api/v1/stores/%7$s/reports -H "Authorization: Bearer $TOKEN"
          curl -sS %9$s%1$s/sync -H "$HUB"

        Telemetry: publish to the hub's telemetry listener, read it back in the cloud:

          mosquitto_pub -h localhost %11$s-p %12$d -q 1 -t backroom/v1/telemetry/temps -m '{"c": 4.5}' \\
            -i demo-probe -u workload:%13$s \\
            -P "$(sed -n 's/.*"workloadPassword" : "\\([^"]*\\)".*/\\1/p' %4$s/agent-%13$s/device-credential.json)"
          curl -sS "%6$s/api/v1/stores/%7$s/telemetry/temps?after=0" -H "Authorization: Bearer $TOKEN"

        Press Ctrl-C to stop.
        """.formatted(api, hubUrl, hub.adminPassword(), data, hub.adminToken(), c, store,
        dockerHost, curlCa, image, pubCa, telemetryPort, Demo.DEVICE);
  }
}
