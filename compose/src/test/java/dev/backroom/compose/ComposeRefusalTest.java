package dev.backroom.compose;

import static dev.backroom.compose.Compose.convert;
import static dev.backroom.compose.Compose.web;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Verifies that what cannot run as written is refused with its Compose service, key path and a
 * reason, and that a refused file yields no task definition or service at all.
 */
class ComposeRefusalTest {
  record Case(String name, String yaml, String service, String path, String reasonPart) {}

  private static Case c(String name, String body, String path, String reasonPart) {
    return new Case(name, web(body), "web", path, reasonPart);
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("build", "build: .", "services.web.build", "does not build images"),
        c("container_name", "container_name: x", "services.web.container_name", "names containers itself"),
        c("service networks", "networks: [front]", "services.web.networks", "no per-project networks"),
        c("unknown key", "imagee: x", "services.web.imagee", "'imagee' is not a service key Backroom maps"),
        new Case("no image", "services:\n  web: {mem_limit: 64m}", "web", "services.web.image", "is required"),
        new Case("no memory", "services:\n  web: {image: x:1}", "web", "services.web.deploy.resources.limits.memory", "places tasks by memory"),
        c("limits.cpus is not a cap here", "deploy: {resources: {limits: {cpus: '0.5'}}}", "services.web.deploy.resources.limits.cpus", "no hard CPU cap"),
        c("relative bind", "volumes: ['./html:/usr/share/nginx/html']", "services.web.volumes[0]", "relative to the project directory"),
        c("home bind", "volumes: ['~/x:/x']", "services.web.volumes[0]", "give an absolute path"),
        c("undeclared named volume", "volumes: ['data:/data']", "services.web.volumes[0]", "not declared under the top-level volumes"),
        c("volume mode z", "volumes: ['/srv:/srv:z']", "services.web.volumes[0]", "mode 'z' is not supported"),
        c("tmpfs without size", "volumes: [{type: tmpfs, target: /run}]", "services.web.volumes[0].tmpfs.size", "needs a size"),
        c("npipe volume", "volumes: [{type: npipe, source: x, target: /x}]", "services.web.volumes[0].type", "must be volume, bind or tmpfs"),
        c("bind propagation", "volumes: [{type: bind, source: /a, target: /a, bind: {propagation: rshared}}]", "services.web.volumes[0].bind.propagation", "not a bind option"),
        c("nocopy", "volumes: [{type: volume, target: /a, volume: {nocopy: true}}]", "services.web.volumes[0].volume.nocopy", "remove nocopy"),
        c("GPU count all", "deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: all}]}}}", "services.web.deploy.resources.reservations.devices[0].count", "'all' cannot be placed"),
        c("GPU device_ids", "deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 1, device_ids: ['0']}]}}}", "services.web.deploy.resources.reservations.devices[0].device_ids", "give count instead"),
        c("non-GPU device reservation", "deploy: {resources: {reservations: {devices: [{capabilities: [tpu], count: 1}]}}}", "services.web.deploy.resources.reservations.devices[0].capabilities", "only GPU"),
        c("GPU without count", "deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}", "services.web.deploy.resources.reservations.devices[0].count", "give the number of GPUs"),
        c("placement", "deploy: {placement: {constraints: [node.role==manager]}}", "services.web.deploy.placement", "Swarm node constraints"),
        c("depends_on a missing service", "depends_on: [db]", "services.web.depends_on.db", "no service db"),
        c("depends_on unknown condition", "depends_on: {web2: {condition: service_ready}}", "services.web.depends_on.web2.condition", "must be service_started"),
        c("depends_on restart", "depends_on: {web: {condition: service_started, restart: true}}", "services.web.depends_on.web.restart", "does not restart"),
        c("network_mode service:", "network_mode: 'service:db'", "services.web.network_mode", "sharing another container's network"),
        c("restart bogus", "restart: sometimes", "services.web.restart", "must be no, always"),
        c("restart and restart_policy", "restart: always\ndeploy: {restart_policy: {condition: any}}", "services.web.deploy.restart_policy", "keep one of them"),
        c("restart_policy delay", "deploy: {restart_policy: {condition: any, delay: 5s}}", "services.web.deploy.restart_policy.delay", "backoff decides"),
        c("healthcheck disable", "healthcheck: {disable: true}", "services.web.healthcheck.disable", "cannot turn off"),
        c("healthcheck NONE", "healthcheck: {test: [NONE]}", "services.web.healthcheck.test", "cannot turn off"),
        c("healthcheck start_interval", "healthcheck: {test: [CMD, x], start_interval: 5s}", "services.web.healthcheck.start_interval", "no start interval"),
        c("sub-second duration", "healthcheck: {test: [CMD, x], interval: 1500ms}", "services.web.healthcheck.interval", "whole number of seconds"),
        c("size not whole MiB", "shm_size: 1000k", "services.web.shm_size", "whole number of MiB"),
        c("required variable", "command: ['${NEEDED:?set NEEDED}']", "services.web.command[0]", "required variable NEEDED is missing a value: set NEEDED"),
        c("lone $", "command: [echo, '5 $']", "services.web.command[1]", "write $$ for a literal $"),
        c("missing env file", "env_file: ./nope.env", "services.web.env_file", "env file './nope.env' was not given"),
        c("CDI device", "devices: ['nvidia.com/gpu=all']", "services.web.devices[0]", "CDI device names"),
        c("bad port", "ports: ['http:80']", "services.web.ports[0]", "is not [IP:][HOST:]CONTAINER"),
        c("huge port range", "ports: ['1000-2000']", "services.web.ports[0]", "at most 100"),
        c("port range length mismatch", "ports: ['8000-8001:80']", "services.web.ports[0]", "same length"),
        c("extra_hosts without separator", "extra_hosts: [printer]", "services.web.extra_hosts[0]", "HOST=IP"),
        c("platform", "platform: windows/amd64", "services.web.platform", "linux/amd64 or linux/arm64"),
        c("secrets", "secrets: [db_password]", "services.web.secrets", "no secret store"),
        c("wrong type", "read_only: maybe", "services.web.read_only", "must be true or false"),
        c("replicas out of range", "deploy: {replicas: -1}", "services.web.deploy.replicas", "between 0 and 10000"),
        c("global with replicas", "deploy: {mode: global, replicas: 2}", "services.web.deploy.replicas", "one task on every device"),
        c("logging unknown key", "logging: {driver: json-file, format: x}", "services.web.logging.format", "not a logging key"),
        // config's validators, surfaced with the service and the ECS path
        c("log driver awslogs (config's rule)", "logging: {driver: awslogs}", "taskDefinitions[shop-web].containerDefinitions[0].logConfiguration.logDriver", "CloudWatch is not reachable"),
        c("stop_grace_period over 120 s (config's rule)", "stop_grace_period: 5m", "taskDefinitions[shop-web].containerDefinitions[0].stopTimeout", "between 0 and 120"),
        c("backroom. label (config's rule)", "labels: {backroom.task: x}", "taskDefinitions[shop-web].containerDefinitions[0].dockerLabels.backroom.task", "Backroom's own"),
        c("unknown capability (config's rule)", "cap_add: [FLY]", "taskDefinitions[shop-web].containerDefinitions[0].linuxParameters.capabilities.add[0]", "unknown capability"),
        c("host mode with a remapped port (config's rule)", "network_mode: host\nports: ['8080:80']", "taskDefinitions[shop-web].containerDefinitions[0].portMappings[0].hostPort", "must equal containerPort"),
        new Case("YAML duplicate key", "services:\n  web:\n    image: a\n    image: b\n", "web", "services.web.image", "duplicate key 'image'"),
        new Case("top-level networks", web("") + "networks: {front: {}}", null, "networks", "no per-project networks"),
        new Case("top-level unknown", web("") + "servics: {}", null, "servics", "not a top-level key"),
        new Case("volume driver", web("volumes: ['d:/d']") + "volumes:\n  d: {driver: nfs}", null, "volumes.d.driver", "only the local driver"),
        new Case("no services", "name: shop", null, "services", "is required"),
        new Case("dependency cycle", """
            services:
              a: {image: x:1, mem_limit: 64m, depends_on: [b]}
              b: {image: x:1, mem_limit: 64m, depends_on: [a]}
            """, "a", "services.a.depends_on", "forms a cycle"),
        new Case("co-located services disagree on replicas", """
            services:
              web: {image: x:1, mem_limit: 64m, depends_on: [db], deploy: {replicas: 3}}
              db: {image: y:1, mem_limit: 64m}
            """, "db", "services.db.deploy.replicas", "shares a task with web"),
        new Case("co-located services disagree on network mode", """
            services:
              web: {image: x:1, mem_limit: 64m, depends_on: [db], network_mode: host}
              db: {image: y:1, mem_limit: 64m}
            """, "db", "services.db.network_mode", "give both the same"),
        new Case("service_healthy without a healthcheck (config's rule)", """
            services:
              web: {image: x:1, mem_limit: 64m, depends_on: {db: {condition: service_healthy}}}
              db: {image: y:1, mem_limit: 64m}
            """, "web", "taskDefinitions[shop-web].containerDefinitions[1].dependsOn[0].condition", "HEALTHY needs a healthCheck on db"),
        new Case("depends_on a service of an inactive profile", """
            services:
              web: {image: x:1, mem_limit: 64m, depends_on: [debug]}
              debug: {image: y:1, mem_limit: 64m, profiles: [debug]}
            """, "web", "services.web.depends_on.debug", "whose profiles are not active"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refuses(Case c) {
    ComposeResult r = convert(c.yaml());
    assertFalse(r.accepted(), c.name() + ": accepted");
    assertTrue(r.taskDefinitions().isEmpty() && r.services().isEmpty(), "half-converted");
    assertTrue(r.refusals().stream().anyMatch(f -> c.path().equals(f.path())
            && java.util.Objects.equals(c.service(), f.service())
            && f.reason().contains(c.reasonPart())),
        () -> c.name() + ": expected [" + c.service() + "] " + c.path() + ": ..." + c.reasonPart()
            + "... in " + r.refusals());
  }

  @Test
  void oneBadServiceRefusesTheWholeFile_andEveryProblemIsListed() {
    ComposeResult r = convert("""
        services:
          good: {image: x:1, mem_limit: 64m}
          bad: {image: y:1, mem_limit: 64m, build: ., ports: ['x'], cpus: 2}
        """);
    assertEquals(List.of("services.bad.ports[0]", "services.bad.build", "services.bad.cpus"),
        r.refusals().stream().map(Refusal::path).toList());
    assertTrue(r.taskDefinitions().isEmpty() && r.services().isEmpty());
  }

  @Test
  void optionalDependencyOnInactiveService_isLeftOut() {
    ComposeResult r = convert("""
        services:
          web:
            image: x:1
            mem_limit: 64m
            depends_on: {debug: {condition: service_started, required: false}}
          debug: {image: y:1, mem_limit: 64m, profiles: [debug]}
        """);
    assertTrue(r.accepted(), r.refusals()::toString);
    assertEquals(List.of("debug"), r.inactiveServices());
    assertEquals(null, r.taskDefinitions().get(0).containers().get(0).dependsOn());
    ComposeResult active = convert("""
        services:
          web: {image: x:1, mem_limit: 64m, depends_on: [debug]}
          debug: {image: y:1, mem_limit: 64m, profiles: [debug]}
        """, Set.of("debug"));
    assertTrue(active.accepted(), active.refusals()::toString);
    assertEquals(List.of("debug", "web"), active.taskDefinitions().get(0).containers().stream()
        .map(c -> c.name()).toList());
  }

  @Test
  void projectName_followsComposeRules() {
    ComposeResult r = ComposeConverter.convert(ComposeInput.of(web(""), "Shop Floor"));
    assertEquals(List.of(new Refusal(null, "(project)", "project name 'Shop Floor' must be"
        + " lowercase letters, digits, '-' and '_', starting with a letter or digit, as in"
        + " Compose")), r.refusals());
    ComposeResult named = ComposeConverter.convert(ComposeInput.of("name: till\n" + web(""), null));
    assertEquals("till-web", named.taskDefinitions().get(0).family());
    ComposeResult none = ComposeConverter.convert(ComposeInput.of(web(""), null));
    assertEquals("name", none.refusals().get(0).path());
  }

  @Test
  void aFileNoEnvFileNames_isRefused_notIgnored() {
    ComposeResult r = ComposeConverter.convert(new ComposeInput(
        web("env_file: ./web.env"), "shop", Map.of(),
        Map.of("./web.env", "A=1\n", "./wbe.env", "B=2\n", ".env", "C=3\n"), Set.of()));
    assertEquals(List.of(new Refusal(null, "(file ./wbe.env)", "given, but no service's env_file"
        + " names it (names must match as the Compose file writes them)")), r.refusals());
  }
}
