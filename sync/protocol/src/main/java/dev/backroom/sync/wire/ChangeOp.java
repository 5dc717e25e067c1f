package dev.backroom.sync.wire;

/** Whether a desired object is put or removed. */
public enum ChangeOp {
  UPSERT,
  DELETE
}
