package dev.backroom.hub.compose;

import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which services (and so families) each Compose project made: V15's two tables. */
@ApplicationScoped
public class ComposeProjectStore {
  @Inject Jdbc jdbc;

  /** One service of a project, with the Compose services it runs (one task, one container each). */
  public record Member(String serviceName, String taskFamily, List<String> composeServices) {}

  /** A project as stored. */
  public record Project(String project, Instant createdAt, Instant updatedAt,
      List<Member> services) {}

  /** The project that owns service {@code name}, if any. */
  public Optional<String> ownerOfService(String name) {
    return jdbc.queryOne("select project from compose_project_services where service_name = ?",
        rs -> rs.getString(1), name);
  }

  /** The project whose services use family {@code family}, if any. */
  public Optional<String> ownerOfFamily(String family) {
    return jdbc.queryOne("select project from compose_project_services where task_family = ?",
        rs -> rs.getString(1), family);
  }

  public Optional<Project> find(String project) {
    Optional<Instant[]> times = jdbc.queryOne("select created_at, updated_at from"
        + " compose_projects where project = ?", rs -> new Instant[] {
            Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at")}, project);
    return times.map(t -> new Project(project, t[0], t[1], members(project)));
  }

  public List<Project> list() {
    List<String> names = jdbc.query("select project from compose_projects order by project",
        rs -> rs.getString(1));
    List<Project> out = new ArrayList<>();
    for (String n : names) {
      find(n).ifPresent(out::add);
    }
    return out;
  }

  /**
   * Makes {@code members} the project's services (creating the project on its first up). Joins
   * the caller's transaction, so the services and this record change together.
   */
  public void replace(String project, List<Member> members, Instant now) {
    jdbc.inTransaction(() -> {
      if (jdbc.update("update compose_projects set updated_at = ? where project = ?", now,
          project) == 0) {
        jdbc.update("insert into compose_projects (project, created_at, updated_at) values"
            + " (?, ?, ?)", project, now, now);
      }
      jdbc.update("delete from compose_project_services where project = ?", project);
      List<Object[]> rows = new ArrayList<>();
      for (Member m : members) {
        rows.add(new Object[] {m.serviceName(), project, m.taskFamily(),
            String.join(",", m.composeServices())});
      }
      jdbc.batch("insert into compose_project_services (service_name, project, task_family,"
          + " compose_services) values (?, ?, ?, ?)", rows);
      return null;
    });
  }

  /** Forgets the project; false when there was none. */
  public boolean delete(String project) {
    return jdbc.update("delete from compose_projects where project = ?", project) == 1;
  }

  private List<Member> members(String project) {
    Map<String, Member> out = new LinkedHashMap<>();
    jdbc.query("select service_name, task_family, compose_services from"
        + " compose_project_services where project = ? order by service_name", rs -> {
          String members = rs.getString("compose_services");
          out.put(rs.getString("service_name"), new Member(rs.getString("service_name"),
              rs.getString("task_family"), members.isEmpty() ? List.of()
                  : List.of(members.split(","))));
          return null;
        }, project);
    return List.copyOf(out.values());
  }
}
