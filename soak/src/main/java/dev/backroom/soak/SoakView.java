package dev.backroom.soak;

import java.util.List;

/** What fault kinds and invariants may read of the world without changing it. */
public interface SoakView {
  /** The store's device ids. */
  List<String> devices();

  /** The Docker view of the store's managed containers, taken now. */
  List<ContainerState> containers();
}
