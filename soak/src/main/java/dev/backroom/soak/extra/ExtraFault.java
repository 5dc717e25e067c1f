package dev.backroom.soak.extra;

import dev.backroom.soak.Fault;
import dev.backroom.soak.FaultContext;
import dev.backroom.soak.FaultKind;
import dev.backroom.soak.SoakView;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * A fault of this package: what it does and undoes, as two actions. None of these makes the
 * hub's API unavailable or explains a container restart: a link, clock or disk fault attributes
 * nothing, so the soak holds that none of them restarts or moves a container.
 */
record ExtraFault(String kind, String target, Action inject, Action heal) implements Fault {
  interface Action {
    String run() throws Exception;
  }

  @Override
  public void inject(FaultContext c) throws Exception {
    c.note(inject.run());
  }

  @Override
  public void heal(FaultContext c) throws Exception {
    c.note(heal.run());
  }

  /** A kind whose faults need only the seeded random source (all their choices come from it). */
  static FaultKind kind(String name, Function<Random, ExtraFault> make) {
    return new FaultKind() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<Fault> create(Random random, SoakView view, Duration duration) {
        return Optional.of(make.apply(random));
      }
    };
  }
}
