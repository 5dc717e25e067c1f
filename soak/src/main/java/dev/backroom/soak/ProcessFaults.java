package dev.backroom.soak;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** {@code kill -9} and {@code SIGSTOP}/{@code SIGCONT} of the hub, an agent, the cloud, the broker. */
final class ProcessFaults {
  private ProcessFaults() {}

  /** kill -9, then a start again on the same data once the fault's duration is over. */
  static FaultKind kill(List<World.Part> parts) {
    return new Kind("kill-9", parts, (p, d) -> new Fault() {
      @Override
      public String kind() {
        return "kill-9";
      }

      @Override
      public String target() {
        return p.name();
      }

      @Override
      public void inject(FaultContext c) {
        attribute(p, c);
        p.process().kill();
        c.note("killed " + p.name() + " (kill -9); restart in " + d.toMillis() + " ms");
      }

      @Override
      public void heal(FaultContext c) {
        p.startAgain().run();
        c.note("started " + p.name() + " again");
      }

      @Override
      public boolean hubUnavailable() {
        return p.kind() == World.Part.Kind.HUB;
      }
    });
  }

  /** SIGSTOP, SIGCONT after the duration: a frozen process keeps its sockets open. */
  static FaultKind freeze(List<World.Part> parts) {
    return new Kind("sigstop", parts, (p, d) -> new Fault() {
      @Override
      public String kind() {
        return "sigstop";
      }

      @Override
      public String target() {
        return p.name();
      }

      @Override
      public void inject(FaultContext c) {
        attribute(p, c);
        Signals.send(p.process().process().pid(), "STOP");
        c.note("froze " + p.name() + " (SIGSTOP) for " + d.toMillis() + " ms");
      }

      @Override
      public void heal(FaultContext c) {
        Signals.send(p.process().process().pid(), "CONT");
        c.note("thawed " + p.name() + " (SIGCONT)");
      }

      @Override
      public boolean hubUnavailable() {
        return p.kind() == World.Part.Kind.HUB;
      }
    });
  }

  /**
   * A faulted agent's device may see its containers moved elsewhere (lost) and back; a faulted
   * hub, cloud or broker explains nothing: no container may restart because of them.
   */
  private static void attribute(World.Part p, FaultContext c) {
    String device = World.deviceOf(p);
    if (device != null) {
      c.attributeDevice(device);
      c.attributeMoves();
    }
  }

  private interface Maker {
    Fault make(World.Part p, Duration d);
  }

  private record Kind(String name, List<World.Part> parts, Maker maker) implements FaultKind {
    @Override
    public Optional<Fault> create(Random random, SoakView view, Duration duration) {
      return Optional.of(maker.make(parts.get(random.nextInt(parts.size())), duration));
    }
  }
}
