package dev.backroom.soak;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * A kind of fault the scheduler may choose. Given the seeded random source, it picks its target
 * and makes the fault; empty when it has no target now (e.g. no managed container runs).
 */
public interface FaultKind {
  String name();

  /** @param duration how long the scheduler will hold the fault before healing it */
  Optional<Fault> create(Random random, SoakView view, Duration duration);
}
