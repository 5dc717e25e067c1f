package dev.backroom.config.ecs;

import static dev.backroom.config.ecs.EcsFields.NOT_YET;
import static dev.backroom.config.ecs.EcsFields.a;
import static dev.backroom.config.ecs.EcsFields.h;
import static dev.backroom.config.ecs.EcsFields.own;
import static dev.backroom.config.ecs.EcsFields.r;

import dev.backroom.config.ecs.EcsFields.Field;
import java.util.List;

/** The container-level rows of {@link EcsFields}. */
final class EcsContainerFields {
  private EcsContainerFields() {}

  private static final String C = "containerDefinitions[].";

  static final List<Field> ROWS = List.of(
      h(C + "name", "container name, unique in the task", "--name (prefixed by the agent)"),
      h(C + "image", "image reference; it must be on the device (the agent does not pull)",
          "IMAGE"),
      h(C + "cpu", "CPU units, also counted for placement", "--cpu-shares"),
      h(C + "memory", "hard limit in MiB, counted for placement", "--memory"),
      h(C + "memoryReservation", "soft limit in MiB, counted for placement instead of memory"
          + " when given", "--memory-reservation"),
      h(C + "essential", "default true; at least one per task; when an essential container"
          + " stops for good the task stops, and a service replaces it", ""),
      h(C + "entryPoint", "passed verbatim", "--entrypoint"),
      h(C + "command", "passed verbatim", "CMD arguments"),
      h(C + "environment", "environment variables; they win over environmentFiles", "-e"),
      h(C + "environment[].name", "variable name", "-e NAME"),
      h(C + "environment[].value", "variable value", "-e NAME=VALUE"),
      h(C + "environmentFiles", "files on the device read by the agent at create (ECS reads"
          + " S3, which a store cannot reach), at most 10", "-e (read from the file)"),
      h(C + "environmentFiles[].value", "absolute path of a KEY=VALUE file on the device,"
          + " inside the agent's --env-file-dir (a regular file of at most 64 KiB); an S3 ARN"
          + " is refused", "--env-file"),
      h(C + "environmentFiles[].type", "file, or s3 (ECS's only type, read as a device path)",
          ""),
      h(C + "mountPoints", "mounts of task volumes", "-v"),
      h(C + "mountPoints[].sourceVolume", "names a task volume", "-v source"),
      h(C + "mountPoints[].containerPath", "path in the container", "-v target"),
      h(C + "mountPoints[].readOnly", "default false", "-v ...:ro"),
      h(C + "volumesFrom", "the mounts of another container of the task, which is created"
          + " first", "--volumes-from"),
      h(C + "volumesFrom[].sourceContainer", "another container of the task", "--volumes-from"
          + " <its container>"),
      h(C + "volumesFrom[].readOnly", "default false", "--volumes-from ...:ro"),
      h(C + "portMappings", "published ports; a static host port is a device resource the"
          + " scheduler gives one task at a time", "-p"),
      h(C + "portMappings[].containerPort", "port the container listens on", "-p ...:PORT"),
      h(C + "portMappings[].hostPort", "bridge: static, or 0/absent for a port Docker picks"
          + " (reported in the task's networkBindings); host: absent or equal to"
          + " containerPort", "-p HOSTPORT:..."),
      h(C + "portMappings[].protocol", "tcp (default) or udp", "-p .../udp"),
      own(C + "portMappings[].hostIp", "Backroom's own: the device address to publish on"
          + " (bridge mode), default all", "-p IP:...:..."),
      a(C + "portMappings[].name", "stored and returned; names the port for ECS Service"
          + " Connect, which the edge does not have"),
      a(C + "portMappings[].appProtocol", "stored and returned; for ECS Service Connect"),
      r(C + "portMappings[].containerPortRange", NOT_YET + "map each port with containerPort"
          + " instead"),
      h(C + "dependsOn", "start order: the container is created only when each dependency"
          + " reached its condition; shutdown runs in reverse", "agent logic"),
      h(C + "dependsOn[].containerName", "another container of the task", ""),
      h(C + "dependsOn[].condition", "START, COMPLETE, SUCCESS (the target must not be"
          + " essential) or HEALTHY (the target needs a healthCheck; checked at startup only)",
          ""),
      h(C + "startTimeout", "as in ECS, on the dependency: seconds from its start for it to"
          + " reach COMPLETE, SUCCESS or HEALTHY; then the containers waiting for it give up and"
          + " are not started (an essential one stops the task)", "agent logic"),
      h(C + "stopTimeout", "seconds between SIGTERM and SIGKILL, at most 120; default the"
          + " agent's --stop-timeout (30, as ECS)", "--stop-timeout"),
      h(C + "healthCheck", "container health check", "--health-*"),
      h(C + "healthCheck.command", "CMD or CMD-SHELL", "--health-cmd"),
      h(C + "healthCheck.interval", "seconds (30)", "--health-interval"),
      h(C + "healthCheck.timeout", "seconds (5)", "--health-timeout"),
      h(C + "healthCheck.retries", "count (3)", "--health-retries"),
      h(C + "healthCheck.startPeriod", "seconds (0)", "--health-start-period"),
      h(C + "restartPolicy", "the agent restarts the container in place",
          "agent logic (no Docker restart policy)"),
      h(C + "restartPolicy.enabled", "false means never restart", ""),
      h(C + "restartPolicy.ignoredExitCodes", "exit codes that do not restart", ""),
      h(C + "restartPolicy.restartAttemptPeriod", "seconds a container must run before it may"
          + " be restarted again", ""),
      own(C + "restartPolicy.policy", "always (the default in a service), on-failure, never;"
          + " without restartPolicy a standalone (RunTask) task's containers and a service"
          + " container other containers wait for with COMPLETE or SUCCESS run once, as in ECS",
          ""),
      own(C + "restartPolicy.maxAttempts", "restarts before giving up", ""),
      h(C + "resourceRequirements", "GPU only", "--gpus"),
      h(C + "resourceRequirements[].type", "GPU; anything else is refused", ""),
      h(C + "resourceRequirements[].value", "GPU count; counted for placement, attached by the"
          + " agent's --gpu-runtime (nvidia device request, or Jetson device nodes)",
          "--gpus N"),
      h(C + "user", "user, uid, user:group or uid:gid", "--user"),
      h(C + "workingDirectory", "absolute path", "--workdir"),
      h(C + "ulimits", "resource limits", "--ulimit"),
      h(C + "ulimits[].name", "core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile,"
          + " nproc, rss, rtprio, rttime, sigpending, stack", "--ulimit NAME=..."),
      h(C + "ulimits[].softLimit", "not above hardLimit", "--ulimit ...=SOFT:..."),
      h(C + "ulimits[].hardLimit", "the ceiling the container may raise its soft limit to",
          "--ulimit ...:HARD"),
      h(C + "readonlyRootFilesystem", "read-only root filesystem", "--read-only"),
      h(C + "privileged", "full access to the device", "--privileged"),
      h(C + "linuxParameters", "Linux-specific options", ""),
      h(C + "linuxParameters.capabilities", "capabilities added and dropped", ""),
      h(C + "linuxParameters.capabilities.add", "capability names, with or without CAP_",
          "--cap-add"),
      h(C + "linuxParameters.capabilities.drop", "capability names, with or without CAP_",
          "--cap-drop"),
      h(C + "linuxParameters.devices", "host devices: how Jetson GPUs, cameras and serial"
          + " ports reach a container", "--device"),
      h(C + "linuxParameters.devices[].hostPath", "device node on the device", "--device HOST"),
      h(C + "linuxParameters.devices[].containerPath", "default hostPath", "--device ...:PATH"),
      h(C + "linuxParameters.devices[].permissions", "read, write, mknod (default all)",
          "--device ...:rwm"),
      h(C + "linuxParameters.initProcessEnabled", "an init process reaps zombies and forwards"
          + " signals", "--init"),
      h(C + "linuxParameters.sharedMemorySize", "/dev/shm size in MiB", "--shm-size"),
      h(C + "linuxParameters.tmpfs", "tmpfs mounts", "--tmpfs"),
      h(C + "linuxParameters.tmpfs[].containerPath", "absolute path", "--tmpfs PATH"),
      h(C + "linuxParameters.tmpfs[].size", "MiB", "--tmpfs PATH:size=Nm"),
      h(C + "linuxParameters.tmpfs[].mountOptions", "mount options such as noexec",
          "--tmpfs PATH:OPTS"),
      h(C + "linuxParameters.maxSwap", "swap in MiB on top of memory (0: none); needs memory",
          "--memory-swap memory+maxSwap"),
      h(C + "linuxParameters.swappiness", "0 to 100 (default 60); as in ECS it applies only"
          + " with maxSwap and has no effect without it", "--memory-swappiness"),
      h(C + "dockerLabels", "set on the container; keys starting with backroom. are refused,"
          + " since the agent finds its containers by them", "--label"),
      h(C + "hostname", "bridge and none only (Docker refuses it with host networking)",
          "--hostname"),
      h(C + "extraHosts", "entries added to /etc/hosts", "--add-host"),
      h(C + "extraHosts[].hostname", "host name", "--add-host NAME:..."),
      h(C + "extraHosts[].ipAddress", "IPv4 or IPv6 address", "--add-host ...:IP"),
      h(C + "dnsServers", "bridge and none only: a host-mode container uses the device's"
          + " resolver", "--dns"),
      h(C + "dnsSearchDomains", "bridge and none only", "--dns-search"),
      h(C + "disableNetworking", "no network at all", "--network none (NetworkDisabled)"),
      h(C + "dockerSecurityOptions", "no-new-privileges, apparmor:, label:, seccomp:",
          "--security-opt"),
      h(C + "interactive", "keeps stdin open", "--interactive"),
      h(C + "pseudoTerminal", "allocates a TTY", "--tty"),
      h(C + "systemControls", "namespaced kernel parameters (net.*, fs.mqueue.*, kernel.msg*,"
          + " kernel.sem, kernel.shm*); net.* not in host mode",
          "--sysctl"),
      h(C + "systemControls[].namespace", "e.g. net.core.somaxconn", "--sysctl NAME=..."),
      h(C + "systemControls[].value", "the parameter's value", "--sysctl ...=VALUE"),
      h(C + "logConfiguration", "the container's Docker log driver; without it, the device's"
          + " default", "--log-driver, --log-opt"),
      h(C + "logConfiguration.logDriver", "json-file or local (what the on-site UI and log"
          + " stream read); see the refused values below", "--log-driver"),
      h(C + "logConfiguration.options", "passed to the driver, e.g. max-size", "--log-opt"),
      r(C + "logConfiguration.secretOptions", NOT_YET + "there is no secret store at the edge;"
          + " leave it out"),
      r(C + "links", "links need Docker's legacy default bridge; use networkMode host, where"
          + " the containers of a task reach each other on localhost, or publish ports"),
      r(C + "secrets", NOT_YET + "there is no secret store at the edge; pass configuration"
          + " through environmentFiles on the device or a host volume instead"),
      r(C + "repositoryCredentials", NOT_YET + "the device pulls with its own registry"
          + " credentials; leave it out"),
      r(C + "firelensConfiguration", "FireLens routes to AWS services; leave it out"),
      r(C + "credentialSpecs", "gMSA credential specs are Windows-only; leave it out"),
      r(C + "versionConsistency", NOT_YET + "Backroom pulls the tag as given; leave it out,"
          + " and to pin an image use image@sha256:<digest>"));
}
