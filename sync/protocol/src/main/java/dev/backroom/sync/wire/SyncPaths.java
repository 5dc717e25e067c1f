package dev.backroom.sync.wire;

/** Every HTTP path and parameter of the protocol, so hub and cloud cannot drift apart. */
public final class SyncPaths {
  public static final String SYNC_ROOT = "/sync/v1";
  public static final String ENROLL = SYNC_ROOT + "/enroll";
  public static final String DESIRED = SYNC_ROOT + "/desired";
  public static final String DESIRED_ACK = SYNC_ROOT + "/desired/ack";
  public static final String REPORTS = SYNC_ROOT + "/reports";
  public static final String TELEMETRY = SYNC_ROOT + "/telemetry";

  public static final String API_ROOT = "/api/v1";
  public static final String API_STORES = API_ROOT + "/stores";
  public static final String API_ACTIVATIONS = API_ROOT + "/activations";
  public static final String API_DESIRED = API_ROOT + "/desired";
  public static final String API_DESIRED_TASK_DEFINITIONS = API_DESIRED + "/task-definitions";
  public static final String API_DESIRED_SERVICES = API_DESIRED + "/services";

  public static final String PARAM_SINCE = "since";
  public static final String PARAM_WAIT = "wait";
  public static final String PARAM_SELECTOR = "selector";
  public static final String PARAM_AFTER = "after";
  public static final String PARAM_LIMIT = "limit";

  /** Upper bound of {@code wait} on the desired long-poll, in seconds. */
  public static final int MAX_WAIT_SECONDS = 60;
  /** Upper bound of {@code limit} on the telemetry read. */
  public static final int MAX_TELEMETRY_LIMIT = 10_000;

  private SyncPaths() {}
}
