package dev.backroom.soak;

import dev.backroom.harness.CloudProcess;
import dev.backroom.harness.HubProcess;
import java.util.List;

/** What fault kinds and invariants may read of the world (and call its processes' APIs). */
public interface SoakView {
  /** The store's hub (the same object across its restarts). */
  HubProcess hub();

  /** The cloud the hub syncs with. */
  CloudProcess cloud();

  /** The store's id in the cloud. */
  String store();

  /** The run's id: names that must not collide with an earlier run's carry it. */
  String runId();

  /** The store's device ids. */
  List<String> devices();

  /** The Docker view of the store's managed containers, taken now. */
  List<ContainerState> containers();
}
