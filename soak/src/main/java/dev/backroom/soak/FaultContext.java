package dev.backroom.soak;

import dev.backroom.harness.DockerEngine;
import dev.backroom.harness.HubProcess;

/** What a fault may touch, and where it says what it may legitimately disturb. */
public interface FaultContext {
  HubProcess hub();

  DockerEngine docker();

  /** Say that containers of this device may restart or move because of this fault. */
  void attributeDevice(String deviceId);

  /** Say that this container (Docker id) may restart because of this fault. */
  void attributeContainer(String containerId);

  /** Say that tasks may be placed anew (a lost or drained device's move elsewhere). */
  void attributeMoves();

  /** A line in the run's console and fault history. */
  void note(String message);
}
