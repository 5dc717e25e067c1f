package dev.backroom.hub.views;

import dev.backroom.config.model.Service;
import dev.backroom.hub.runtime.ControlLoop;
import dev.backroom.hub.store.ServiceRecord;
import dev.backroom.hub.store.ServiceStore;
import dev.backroom.hub.store.TaskRecord;
import dev.backroom.hub.store.TaskStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service views of {@code GET /api/v1/services}, for the resource and for the UI, so the
 * two never disagree: each service with its running and pending counts and why the last pass
 * left tasks unplaced.
 */
@ApplicationScoped
public class ServiceViews {
  @Inject ServiceStore services;
  @Inject TaskStore tasks;
  @Inject ControlLoop loop;

  public List<ServiceView> list() {
    Map<String, long[]> counts = new HashMap<>();
    for (TaskStore.ActiveTask t : tasks.listActiveBrief()) {
      counts.computeIfAbsent(t.serviceName(), k -> new long[2])[t.running() ? 0 : 1]++;
    }
    return services.list().stream().map(s -> view(s,
        counts.getOrDefault(s.spec().serviceName(), new long[2]))).toList();
  }

  /** The service named {@code name}; empty when there is none. */
  public Optional<ServiceView> find(String name) {
    return services.find(name).map(s -> {
      List<TaskRecord> active = tasks.listActive(name);
      long running = active.stream().filter(t -> TaskRecord.RUNNING.equals(t.lastStatus())).count();
      return view(s, new long[] {running, active.size() - running});
    });
  }

  /** {@code counts} is {running, pending}. */
  private ServiceView view(ServiceRecord s, long[] counts) {
    Service spec = s.spec();
    return new ServiceView(spec.serviceName(), spec.taskDefinition(), spec.desiredCountOrZero(),
        counts[0], counts[1], spec.constraints(), loop.unplaced(spec.serviceName()),
        s.createdAt(), s.updatedAt(), s.origin(), spec.cluster(), spec.launchType());
  }
}
