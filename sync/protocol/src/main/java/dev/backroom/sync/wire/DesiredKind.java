package dev.backroom.sync.wire;

/** What a desired-state change is about. */
public enum DesiredKind {
  TASK_DEFINITION,
  SERVICE,
  /**
   * A one-off task the cloud's ECS RunTask or StartTask asked of one store, named by its task
   * id; its spec carries the whole definition (docs/sync-protocol.md, "One-off tasks").
   */
  TASK,
  /**
   * The custom attributes the cloud's ECS PutAttributes put on one device of one store, named by
   * the device id (docs/sync-protocol.md, "Device attributes").
   */
  DEVICE_ATTRIBUTES
}
