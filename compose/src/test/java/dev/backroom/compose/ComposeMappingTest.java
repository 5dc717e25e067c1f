package dev.backroom.compose;

import static dev.backroom.compose.Compose.accepted;
import static dev.backroom.compose.Compose.container;
import static dev.backroom.compose.Compose.task;
import static dev.backroom.compose.Compose.web;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.backroom.config.model.ContainerDependency;
import dev.backroom.config.model.HealthCheck;
import dev.backroom.config.model.HostEntry;
import dev.backroom.config.model.KeyValuePair;
import dev.backroom.config.model.LinuxParameters;
import dev.backroom.config.model.LogConfiguration;
import dev.backroom.config.model.MountPoint;
import dev.backroom.config.model.PortMapping;
import dev.backroom.config.model.ResourceRequirement;
import dev.backroom.config.model.RestartPolicy;
import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.Volume;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Verifies that each Compose key lands in the ECS field docs/compose.md says, one row a key form. */
class ComposeMappingTest {
  record Case(String name, String yaml, Function<ComposeResult, Object> actual, Object expected) {}

  private static Case c(String name, String body, Function<ComposeResult, Object> actual,
      Object expected) {
    return new Case(name, web(body), actual, expected);
  }

  private static PortMapping port(Integer container, Integer host, String protocol, String ip) {
    return new PortMapping(container, host, protocol, ip, null, null, null);
  }

  private static RestartPolicy restart(String policy, Integer max) {
    return new RestartPolicy(null, policy, max, null, null);
  }

  static Stream<Case> cases() {
    return Stream.of(
        c("image", "", r -> container(r).image(), "nginx:1"),
        c("family and container name", "", r -> task(r).family() + "/" + container(r).name(), "shop-web/web"),
        c("one ECS service per Compose service", "", r -> r.services().get(0).serviceName()
            + " " + r.services().get(0).taskDefinition() + " " + r.services().get(0).desiredCount(), "shop-web shop-web 1"),
        c("network mode unset (bridge)", "", r -> task(r).networkMode(), null),
        new Case("image interpolated, the shell over .env", "services:\n  web: {image: 'nginx:${TAG}', mem_limit: 64m}", r -> container(r).image(), "nginx:1.25"),
        c("interpolation from .env", "command: [serve, --port, '${PORT}']", r -> container(r).command(), List.of("serve", "--port", "8080")),
        c("$$ is a literal $", "command: [sh, -c, 'echo $$HOME']", r -> container(r).command(), List.of("sh", "-c", "echo $HOME")),
        c("command string split like Compose", "command: echo \"a b\" 'c d' e", r -> container(r).command(), List.of("echo", "a b", "c d", "e")),
        c("command list verbatim", "command: [\"sh\", \"-c\", \"x y\"]", r -> container(r).command(), List.of("sh", "-c", "x y")),
        c("entrypoint string", "entrypoint: /bin/run --fast", r -> container(r).entryPoint(), List.of("/bin/run", "--fast")),
        c("environment map", "environment: {A: '1', B: 2, C: true}", r -> container(r).environment(),
            List.of(new KeyValuePair("A", "1"), new KeyValuePair("B", "2"), new KeyValuePair("C", "true"))),
        c("environment list; valueless from the shell, unset left out", "environment: [A=x=y, FROM_SHELL, NOT_SET]",
            r -> container(r).environment(), List.of(new KeyValuePair("A", "x=y"), new KeyValuePair("FROM_SHELL", "shell-value"))),
        c("env_file list: later files and environment win", "env_file: [./common.env, ./web.env]\nenvironment: {LEVEL: debug}",
            r -> container(r).environment(), List.of(new KeyValuePair("SHARED", "web"), new KeyValuePair("QUOTED", "a b"),
                new KeyValuePair("LITERAL", "$TAG"), new KeyValuePair("EXPANDED", "1.25"), new KeyValuePair("LEVEL", "debug"))),
        c("env_file not required and absent", "env_file: [{path: ./none.env, required: false}]", r -> container(r).environment(), List.of()),
        c("port host:container", "ports: ['8080:80']", r -> container(r).portMappings(), List.of(port(80, 8080, null, null))),
        c("port container only", "ports: ['80', 443]", r -> container(r).portMappings(), List.of(port(80, null, null, null), port(443, null, null, null))),
        c("port ip, protocol", "ports: ['127.0.0.1:5353:53/udp']", r -> container(r).portMappings(), List.of(port(53, 5353, "udp", "127.0.0.1"))),
        c("port IPv6", "ports: ['[::1]:8080:80']", r -> container(r).portMappings(), List.of(port(80, 8080, null, "::1"))),
        c("port ip without host port", "ports: ['127.0.0.1::80']", r -> container(r).portMappings(), List.of(port(80, null, null, "127.0.0.1"))),
        c("port ranges", "ports: ['9090-9091:8080-8081']", r -> container(r).portMappings(), List.of(port(8080, 9090, null, null), port(8081, 9091, null, null))),
        c("port long syntax", "ports: [{target: 80, published: '8080', host_ip: 10.0.0.1, protocol: tcp, name: http, app_protocol: http, mode: host}]",
            r -> container(r).portMappings(), List.of(new PortMapping(80, 8080, "tcp", "10.0.0.1", "http", "http", null))),
        new Case("named volume: shared Docker volume PROJECT_KEY", web("volumes: ['data:/var/lib/data']") + "volumes:\n  data:\n",
            r -> List.of(task(r).volumes(), container(r).mountPoints()), List.of(
                List.of(new Volume("shop_data", null, new Volume.DockerVolumeConfiguration("shared", true, null, null, null))),
                List.of(new MountPoint("shop_data", "/var/lib/data", null)))),
        c("bind mount read-only", "volumes: ['/srv/web:/usr/share/nginx/html:ro']",
            r -> List.of(task(r).volumes(), container(r).mountPoints()), List.of(
                List.of(new Volume("web-bind-0", new Volume.Host("/srv/web"))),
                List.of(new MountPoint("web-bind-0", "/usr/share/nginx/html", true)))),
        c("anonymous volume: a task volume", "volumes: [/cache]",
            r -> List.of(task(r).volumes(), container(r).mountPoints()), List.of(
                List.of(new Volume("web-anon-0", null)), List.of(new MountPoint("web-anon-0", "/cache", null)))),
        c("long bind", "volumes: [{type: bind, source: /srv/x, target: /x, read_only: true, bind: {create_host_path: true}}]",
            r -> container(r).mountPoints(), List.of(new MountPoint("web-bind-0", "/x", true))),
        c("tmpfs", "volumes: [{type: tmpfs, target: /run, tmpfs: {size: 64m, mode: 1777}}]",
            r -> container(r).linuxParameters().tmpfs(), List.of(new LinuxParameters.Tmpfs("/run", 64, List.of("mode=1777")))),
        c("healthcheck list and durations", "healthcheck: {test: [CMD, curl, -f, http://localhost], interval: 1m30s, timeout: 10s, retries: 3, start_period: 40s}",
            r -> container(r).healthCheck(), new HealthCheck(List.of("CMD", "curl", "-f", "http://localhost"), 90, 10, 3, 40)),
        c("healthcheck string is CMD-SHELL", "healthcheck: {test: curl -f http://localhost || exit 1}",
            r -> container(r).healthCheck().command(), List.of("CMD-SHELL", "curl -f http://localhost || exit 1")),
        c("restart unset: Backroom's service default (always)", "", r -> container(r).restartPolicy(), null),
        c("restart no", "restart: no", r -> container(r).restartPolicy(), restart("never", null)),
        c("restart unless-stopped", "restart: unless-stopped", r -> container(r).restartPolicy(), restart("always", null)),
        c("restart on-failure:3", "restart: on-failure:3", r -> container(r).restartPolicy(), restart("on-failure", 3)),
        c("deploy.restart_policy", "deploy: {restart_policy: {condition: on-failure, max_attempts: 5}}",
            r -> container(r).restartPolicy(), restart("on-failure", 5)),
        c("deploy.replicas", "deploy: {replicas: 3}", r -> r.services().get(0).desiredCount(), 3),
        c("deploy.replicas interpolated", "deploy: {replicas: '${PORT:-1}'}\nx-note: replicas from .env", r -> r.services().get(0).desiredCount(), 8080),
        c("deploy.mode global: DAEMON", "deploy: {mode: global}", r -> r.services().get(0).schedulingStrategy()
            + " " + r.services().get(0).desiredCount(), "DAEMON null"),
        c("limits and reservations", "deploy: {resources: {limits: {memory: 1g}, reservations: {memory: 512m, cpus: '0.5'}}}",
            r -> List.of(container(r).memory(), container(r).memoryReservation(), container(r).cpu()), List.of(1024, 512, 512)),
        c("GPU reservation", "deploy: {resources: {reservations: {devices: [{driver: nvidia, count: 2, capabilities: [gpu, utility]}]}}}",
            r -> container(r).resourceRequirements(), List.of(new ResourceRequirement("GPU", "2"))),
        c("mem_limit / mem_reservation", "mem_limit: 1g\nmem_reservation: 256m", r -> List.of(container(r).memory(), container(r).memoryReservation()), List.of(1024, 256)),
        c("devices", "devices: ['/dev/video0:/dev/cam:rw', /dev/ttyUSB0]", r -> container(r).linuxParameters().devices(), List.of(
            new LinuxParameters.Device("/dev/video0", "/dev/cam", List.of("read", "write")), new LinuxParameters.Device("/dev/ttyUSB0", null, null))),
        c("shm_size, init", "shm_size: 1g\ninit: true", r -> List.of(container(r).linuxParameters().sharedMemorySize(),
            container(r).linuxParameters().initProcessEnabled()), List.of(1024, true)),
        c("cap_add / cap_drop", "cap_add: [NET_ADMIN]\ncap_drop: [ALL]", r -> container(r).linuxParameters().capabilities(),
            new LinuxParameters.KernelCapabilities(List.of("NET_ADMIN"), List.of("ALL"))),
        c("read_only, user, working_dir", "read_only: true\nuser: '1000:1000'\nworking_dir: /app",
            r -> List.of(container(r).readonlyRootFilesystem(), container(r).user(), container(r).workingDirectory()), List.of(true, "1000:1000", "/app")),
        c("labels list", "labels: [com.example.team=pos, flag]", r -> container(r).dockerLabels(), Map.of("com.example.team", "pos", "flag", "")),
        c("labels map", "labels: {com.example.team: pos}", r -> container(r).dockerLabels(), Map.of("com.example.team", "pos")),
        c("logging", "logging: {driver: json-file, options: {max-size: 10m, max-file: '3'}}", r -> container(r).logConfiguration(),
            new LogConfiguration("json-file", Map.of("max-size", "10m", "max-file", "3"), null)),
        c("logging options alone: json-file", "logging: {options: {max-size: 10m}}", r -> container(r).logConfiguration().logDriver(), "json-file"),
        c("network_mode host", "network_mode: host", r -> task(r).networkMode(), "host"),
        c("extra_hosts list, both separators, IPv6", "extra_hosts: ['printer:10.0.0.9', 'nas=10.0.0.10', 'v6=[::1]']", r -> container(r).extraHosts(),
            List.of(new HostEntry("printer", "10.0.0.9"), new HostEntry("nas", "10.0.0.10"), new HostEntry("v6", "::1"))),
        c("extra_hosts map", "extra_hosts: {printer: 10.0.0.9}", r -> container(r).extraHosts(), List.of(new HostEntry("printer", "10.0.0.9"))),
        c("stop_grace_period", "stop_grace_period: 1m", r -> container(r).stopTimeout(), 60),
        c("platform", "platform: linux/arm64", r -> task(r).runtimePlatform(), new RuntimePlatform("ARM64", "LINUX")),
        c("hostname, stdin_open, tty, privileged", "hostname: till\nstdin_open: true\ntty: true\nprivileged: false",
            r -> List.of(container(r).hostname(), container(r).interactive(), container(r).pseudoTerminal(), container(r).privileged()), List.of("till", true, true, false)),
        c("expose is accepted with no effect", "expose: ['9000']", r -> container(r).portMappings(), null),
        c("a service whose profiles are all inactive is left out and listed", "profiles: [debug]",
            r -> r.inactiveServices(), List.of("web")),
        new Case("version, name and x- fields accepted with no effect", "version: '3.8'\nname: ignored-when-given\nx-base: &b {image: nginx:1, mem_limit: 64m}\nservices:\n  web:\n    <<: *b\n",
            r -> container(r).image() + " " + container(r).memory(), "nginx:1 64"),
        new Case("depends_on joins services in one task, dependencies first", """
            services:
              web:
                image: shop/web:1
                mem_limit: 256m
                depends_on:
                  db: {condition: service_healthy}
              db:
                image: postgres:16
                mem_limit: 512m
                healthcheck: {test: [CMD, pg_isready], interval: 10s}
            """, r -> List.of(r.taskDefinitions().size(), task(r).family(), task(r).containers().stream().map(c -> c.name()).toList(),
                task(r).containers().get(1).dependsOn(), r.services().get(0).serviceName()),
            List.of(1, "shop-web", List.of("db", "web"), List.of(new ContainerDependency("db", "HEALTHY")), "shop-web")),
        new Case("depends_on short form is START; completion target is not essential", """
            services:
              app:
                image: shop/app:1
                mem_limit: 256m
                depends_on: [cache, migrate]
              cache: {image: redis:7, mem_limit: 64m}
              migrate:
                image: shop/migrate:1
                mem_limit: 64m
                x-note: overridden below
              worker:
                image: shop/worker:1
                mem_limit: 64m
                depends_on: {migrate: {condition: service_completed_successfully}}
            """, r -> List.of(task(r).family(), task(r).containers().stream().map(c -> c.name() + ":" + c.isEssential()).toList(),
                task(r).containers().get(2).dependsOn(), task(r).containers().get(3).dependsOn()),
            List.of("shop-app-worker", List.of("cache:true", "migrate:false", "app:true", "worker:true"),
                List.of(new ContainerDependency("cache", "START"), new ContainerDependency("migrate", "START")),
                List.of(new ContainerDependency("migrate", "SUCCESS")))),
        new Case("host-mode group: members reach each other by name", """
            services:
              web: {image: shop/web:1, mem_limit: 64m, network_mode: host, depends_on: [db]}
              db: {image: postgres:16, mem_limit: 64m, network_mode: host}
            """, r -> task(r).containers().stream().map(c -> c.name() + "->" + c.extraHosts()).toList(),
            List.of("db->[HostEntry[hostname=web, ipAddress=127.0.0.1]]", "web->[HostEntry[hostname=db, ipAddress=127.0.0.1]]")),
        new Case("services without depends_on get a task each", """
            services:
              a: {image: x:1, mem_limit: 64m}
              b: {image: y:1, mem_limit: 64m, deploy: {replicas: 2}}
            """, r -> r.services().stream().map(s -> s.serviceName() + "=" + s.desiredCount()).toList(), List.of("shop-a=1", "shop-b=2")),
        new Case("top-level volume: name, external, driver_opts", """
            services:
              a: {image: x:1, mem_limit: 64m, volumes: ['cfg:/cfg:ro', 'ext:/ext']}
            volumes:
              cfg: {driver: local, driver_opts: {type: none, o: bind, device: /srv/cfg}, labels: [tier=1]}
              ext: {external: true, name: store-ext}
            """, r -> task(r).volumes(), List.of(
                new Volume("shop_cfg", null, new Volume.DockerVolumeConfiguration("shared", true, "local", Map.of("type", "none", "o", "bind", "device", "/srv/cfg"), Map.of("tier", "1"))),
                new Volume("store-ext", null, new Volume.DockerVolumeConfiguration("shared", null, null, null, null)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void maps(Case c) {
    ComposeResult r = accepted(c.yaml());
    assertEquals(c.expected(), c.actual().apply(r), c.name());
  }
}
