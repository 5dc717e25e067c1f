package dev.backroom.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecReader;
import dev.backroom.config.model.ContainerDefinition;
import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.LinuxParameters;
import dev.backroom.config.model.LogConfiguration;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.Service;
import dev.backroom.config.model.TaskDefinition;
import dev.backroom.config.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Verifies one realistic store file end to end in the pure part: a web shop with its database
 * (health-gated start, a named volume, an env file, anchors shared by merge keys) and a GPU
 * inference service on the Jetson, each record as REST would store it.
 */
class RealisticComposeTest {
  static final String FILE = """
      name: store
      x-logging: &logging
        logging:
          driver: json-file
          options: {max-size: 10m, max-file: "3"}
      services:
        web:
          <<: *logging
          image: registry.local/shop/web:${WEB_TAG:-latest}
          ports: ["80:8080"]
          env_file: ./web.env
          environment:
            DATABASE_URL: postgres://shop@db:5432/shop
          depends_on:
            db:
              condition: service_healthy
            migrate:
              condition: service_completed_successfully
          deploy:
            resources:
              limits: {memory: 512m}
              reservations: {cpus: "0.5"}
          stop_grace_period: 20s
          restart: unless-stopped
        migrate:
          image: registry.local/shop/web:${WEB_TAG:-latest}
          command: ./manage migrate --no-input
          mem_limit: 256m
          depends_on:
            db: {condition: service_healthy}
        db:
          <<: *logging
          image: postgres:16
          environment:
            POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}
            POSTGRES_USER: shop
          volumes: [pgdata:/var/lib/postgresql/data]
          healthcheck:
            test: ["CMD-SHELL", "pg_isready -U shop"]
            interval: 10s
            timeout: 5s
            retries: 5
            start_period: 30s
          shm_size: 256m
          deploy:
            resources:
              limits: {memory: 1g}
        vision:
          image: registry.local/vision/detector:2.1
          platform: linux/arm64
          command: ["--model", "/models/yolo.engine", "--camera", "/dev/video0"]
          devices: ["/dev/video0:/dev/video0:rw"]
          volumes:
            - type: bind
              source: /opt/models
              target: /models
              read_only: true
            - type: tmpfs
              target: /tmp
              tmpfs: {size: 128m}
          init: true
          cap_drop: [ALL]
          read_only: true
          user: "1000:44"
          labels: {com.example.team: vision}
          deploy:
            replicas: 1
            resources:
              limits: {memory: 2g}
              reservations:
                devices:
                  - driver: nvidia
                    count: 1
                    capabilities: [gpu]
        debug-shell:
          image: busybox:1
          profiles: [debug]
          mem_limit: 16m
      volumes:
        pgdata: {}
      """;

  private static final LogConfiguration LOGS = new LogConfiguration("json-file",
      Map.of("max-size", "10m", "max-file", "3"), null);

  @Test
  void webShopAndGpuInference_convertToTwoTasksAsRestWouldStoreThem() {
    ComposeResult r = ComposeConverter.convert(new ComposeInput(FILE, null,
        Map.of("DB_PASSWORD", "s3cret", "WEB_TAG", "4.2"),
        Map.of("./web.env", "SHOP_CURRENCY=EUR\nDATABASE_URL=overridden-by-environment\n"),
        Set.of()));
    assertTrue(r.accepted(), r.refusals()::toString);
    assertEquals(List.of("debug-shell"), r.inactiveServices());
    assertEquals(List.of("store-web", "store-vision"),
        r.taskDefinitions().stream().map(TaskDefinition::family).toList());
    assertEquals(List.of(new Service("store-web", "store-web", 1, null, null, null, null, null),
        new Service("store-vision", "store-vision", 1, null, null, null, null, null)),
        r.services());

    TaskDefinition shop = r.taskDefinitions().get(0);
    assertEquals(List.of("db", "migrate", "web"),
        shop.containers().stream().map(ContainerDefinition::name).toList());
    ContainerDefinition db = shop.containers().get(0);
    assertEquals(new HealthCheck(List.of("CMD-SHELL", "pg_isready -U shop"), 10, 5, 5, 30),
        db.healthCheck());
    assertEquals(List.of(new KeyValuePair("POSTGRES_PASSWORD", "s3cret"),
        new KeyValuePair("POSTGRES_USER", "shop")), db.environment());
    assertEquals(List.of(new MountPoint("store_pgdata", "/var/lib/postgresql/data", null)),
        db.mountPoints());
    assertEquals(256, db.linuxParameters().sharedMemorySize());
    assertEquals(1024, db.memory());
    assertEquals(LOGS, db.logConfiguration());
    ContainerDefinition migrate = shop.containers().get(1);
    assertEquals(false, migrate.essential());
    assertEquals(List.of("./manage", "migrate", "--no-input"), migrate.command());
    assertEquals(List.of(new ContainerDependency("db", "HEALTHY")), migrate.dependsOn());
    ContainerDefinition web = shop.containers().get(2);
    assertEquals("registry.local/shop/web:4.2", web.image());
    assertEquals(List.of(new ContainerDependency("db", "HEALTHY"),
        new ContainerDependency("migrate", "SUCCESS")), web.dependsOn());
    assertEquals(List.of(new PortMapping(8080, 80, null, null, null, null, null)),
        web.portMappings());
    assertEquals(List.of(new KeyValuePair("SHOP_CURRENCY", "EUR"),
        new KeyValuePair("DATABASE_URL", "postgres://shop@db:5432/shop")), web.environment());
    assertEquals(List.of(512, 512, 20), List.of(web.memory(), web.cpu(), web.stopTimeout()));
    assertEquals("always", web.restartPolicy().policy());
    assertEquals(List.of(new Volume("store_pgdata", null, new Volume.DockerVolumeConfiguration(
        "shared", true, null, null, null))), shop.volumes());

    TaskDefinition vision = r.taskDefinitions().get(1);
    assertEquals(new RuntimePlatform("ARM64", "LINUX"), vision.runtimePlatform());
    ContainerDefinition v = vision.containers().get(0);
    assertEquals(List.of(new ResourceRequirement("GPU", "1")), v.resourceRequirements());
    assertEquals(1, vision.requiredGpus());
    assertEquals(new LinuxParameters(new LinuxParameters.KernelCapabilities(null, List.of("ALL")),
        List.of(new LinuxParameters.Device("/dev/video0", "/dev/video0", List.of("read", "write"))),
        true, null, List.of(new LinuxParameters.Tmpfs("/tmp", 128, null)), null, null),
        v.linuxParameters());
    assertEquals(List.of(new MountPoint("vision-bind-0", "/models", true)), v.mountPoints());
    assertEquals(List.of(new Volume("vision-bind-0", new Volume.Host("/opt/models"))),
        vision.volumes());
    assertEquals(List.of(true, "1000:44", 2048), List.of(v.readonlyRootFilesystem(), v.user(),
        v.memory()));
  }

  @Test
  void everyRecordRoundTripsThroughTheRestReader() {
    ComposeResult r = ComposeConverter.convert(new ComposeInput(FILE, "store",
        Map.of("DB_PASSWORD", "x"), Map.of("./web.env", ""), Set.of("debug")));
    assertTrue(r.accepted(), r.refusals()::toString);
    assertEquals(3, r.taskDefinitions().size(), "debug-shell runs with its profile");
    for (TaskDefinition td : r.taskDefinitions()) {
      SpecReader.Result<TaskDefinition> read = SpecReader.taskDefinition(Json.write(td));
      assertEquals(List.of(), read.violations());
      assertEquals(td, read.value());
    }
    for (Service s : r.services()) {
      assertEquals(s, SpecReader.service(Json.write(s)).value());
    }
  }

  @Test
  void missingRequiredVariable_refusesTheWholeFile() {
    ComposeResult r = ComposeConverter.convert(new ComposeInput(FILE, null, Map.of(),
        Map.of("./web.env", ""), Set.of()));
    assertEquals(List.of(new Refusal("db", "services.db.environment.POSTGRES_PASSWORD",
        "required variable DB_PASSWORD is missing a value: set DB_PASSWORD")), r.refusals());
    assertTrue(r.taskDefinitions().isEmpty());
  }
}
