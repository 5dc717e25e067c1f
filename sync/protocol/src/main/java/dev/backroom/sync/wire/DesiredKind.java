package dev.backroom.sync.wire;

/** What a desired-state change is about. */
public enum DesiredKind {
  TASK_DEFINITION,
  SERVICE
}
