package dev.backroom.soak;

import com.github.dockerjava.api.exception.DockerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Faults behind the agent's back, straight on the engine: {@code docker kill} of one managed
 * container, {@code docker stop} of every managed container of one device.
 */
final class ContainerFaults {
  private ContainerFaults() {}

  static FaultKind kill() {
    return new FaultKind() {
      @Override
      public String name() {
        return "docker-kill";
      }

      @Override
      public Optional<Fault> create(Random random, SoakView view, Duration duration) {
        List<ContainerState> running = running(view.containers());
        if (running.isEmpty()) {
          return Optional.empty();
        }
        ContainerState victim = running.get(random.nextInt(running.size()));
        return Optional.of(new Instant("docker-kill", describe(victim), List.of(victim), true));
      }
    };
  }

  static FaultKind stop() {
    return new FaultKind() {
      @Override
      public String name() {
        return "docker-stop";
      }

      @Override
      public Optional<Fault> create(Random random, SoakView view, Duration duration) {
        String device = view.devices().get(random.nextInt(view.devices().size()));
        List<ContainerState> victims = running(view.containers()).stream()
            .filter(c -> c.device().equals(device)).toList();
        if (victims.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(new Instant("docker-stop", victims.size() + " containers of " + device,
            victims, false));
      }
    };
  }

  private static List<ContainerState> running(List<ContainerState> cs) {
    List<ContainerState> out = new ArrayList<>();
    for (ContainerState c : cs) {
      if (c.running()) {
        out.add(c);
      }
    }
    // The seed picks by position: an order that does not depend on the engine's listing.
    out.sort(java.util.Comparator.comparing(ContainerState::device)
        .thenComparing(ContainerState::service).thenComparing(ContainerState::container)
        .thenComparing(ContainerState::id));
    return out;
  }

  private static String describe(ContainerState c) {
    return c.service() + "/" + c.container() + " on " + c.device() + " (" + c.id().substring(0, 12)
        + ")";
  }

  /** Done at once; healing is the agent's job, which convergence then checks. */
  private record Instant(String kind, String target, List<ContainerState> victims, boolean kill)
      implements Fault {
    @Override
    public void inject(FaultContext c) {
      for (ContainerState v : victims) {
        c.attributeContainer(v.id());
        try {
          if (kill) {
            c.docker().client().killContainerCmd(v.id()).exec();
          } else {
            c.docker().client().stopContainerCmd(v.id()).withTimeout(2).exec();
          }
        } catch (DockerException e) {
          c.note((kill ? "docker kill " : "docker stop ") + v.id().substring(0, 12)
              + " failed: " + e.getMessage());
        }
      }
      c.note((kill ? "docker kill " : "docker stop ") + target);
    }

    @Override
    public void heal(FaultContext c) {
      // nothing: the agent restarts them
    }
  }
}
