package dev.backroom.soak;

import java.util.List;

/**
 * The workload's task definitions. {@code SOAK_ROLL} names the rolling update a container
 * belongs to, so the soak reads from Docker alone which revision runs. The busybox commands trap
 * SIGTERM (as PID 1 a shell would ignore it), so stops take a second, not the 30 s stop timeout.
 */
final class TaskDefinitions {
  private TaskDefinitions() {}

  /** The service families and the containers each task of theirs runs. */
  static List<String> containers(String family) {
    return family.equals(FULL) ? List.of("store", "app") : List.of("main");
  }

  static final String PLAIN = "soak-plain";
  static final String FULL = "soak-full";

  static String json(String family, int roll, String run) {
    return family.equals(FULL) ? full(roll, run) : plain(roll);
  }

  /** One container, no network. */
  static String plain(int roll) {
    return """
        {"family":"%s","networkMode":"none","containerDefinitions":[{"name":"main",
         "image":"backroom/busybox:1","memory":16,
         "environment":[{"name":"SOAK_ROLL","value":"%d"}],
         "command":["sh","-c","trap 'exit 0' TERM; while true; do sleep 1; done"]}]}
        """.formatted(PLAIN, roll);
  }

  /**
   * Two containers using the features a busybox FROM scratch runs on an engine without a bridge
   * (host network): a task-scoped Docker volume shared read-write and read-only, a health check
   * the second container waits for (dependsOn HEALTHY), environment, command, entry point,
   * working directory, read-only root with a tmpfs, ulimits, dropped capabilities, init process,
   * memory limit and reservation, cpu shares, stop timeout, restart policy, Docker labels, the
   * json-file log driver with options.
   */
  static String full(int roll, String run) {
    return """
        {"family":"%s","networkMode":"host","cpu":"256","memory":"128",
         "volumes":[{"name":"data","dockerVolumeConfiguration":{"scope":"task","driver":"local",
           "labels":{"soak.run":"%s"}}}],
         "containerDefinitions":[
          {"name":"store","image":"backroom/busybox:1","essential":true,"cpu":64,
           "memory":48,"memoryReservation":16,
           "environment":[{"name":"SOAK_ROLL","value":"%d"},{"name":"ROLE","value":"store"}],
           "entryPoint":["sh","-c"],
           "command":["trap 'exit 0' TERM; echo $SOAK_ROLL > /data/ready; while true; do sleep 1; done"],
           "workingDirectory":"/data","readonlyRootFilesystem":true,
           "mountPoints":[{"sourceVolume":"data","containerPath":"/data"}],
           "healthCheck":{"command":["CMD-SHELL","test -f /data/ready"],"interval":5,"timeout":2,
             "retries":3,"startPeriod":1},
           "restartPolicy":{"enabled":true},
           "stopTimeout":5,
           "ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}],
           "linuxParameters":{"initProcessEnabled":true,"capabilities":{"drop":["NET_RAW"]},
             "tmpfs":[{"containerPath":"/tmp","size":8}]},
           "dockerLabels":{"soak.role":"store"},
           "logConfiguration":{"logDriver":"json-file","options":{"max-size":"1m","max-file":"2"}}},
          {"name":"app","image":"backroom/busybox:1","essential":true,"memory":32,
           "environment":[{"name":"SOAK_ROLL","value":"%d"}],
           "dependsOn":[{"containerName":"store","condition":"HEALTHY"}],
           "command":["sh","-c","trap 'exit 0' TERM; while true; do cat /data/ready > /dev/null; sleep 1; done"],
           "mountPoints":[{"sourceVolume":"data","containerPath":"/data","readOnly":true}],
           "stopTimeout":5}]}
        """.formatted(FULL, run, roll, roll);
  }
}
