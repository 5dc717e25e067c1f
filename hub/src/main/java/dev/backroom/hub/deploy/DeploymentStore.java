package dev.backroom.hub.deploy;

import dev.backroom.jdbc.Jdbc;
import dev.backroom.hub.core.deploy.Deployment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Deployments per service, newest first. */
@ApplicationScoped
public class DeploymentStore {
  @Inject Jdbc jdbc;

  /**
   * Starts rollout {@code id} (the pass's plan names it): the old PRIMARY becomes ACTIVE, the
   * new one PRIMARY IN_PROGRESS.
   */
  public void start(String id, String service, String family, int revision, String specHash,
      String reason, Instant now) {
    jdbc.inTransaction(() -> {
      jdbc.update("update deployments set status = 'ACTIVE', updated_at = ? where service_name = ?"
          + " and status = 'PRIMARY'", now, service);
      jdbc.update("insert into deployments (deployment_id, service_name, task_family, task_revision,"
          + " spec_hash, status, rollout_state, rollout_reason, created_at, updated_at)"
          + " values (?, ?, ?, ?, ?, 'PRIMARY', 'IN_PROGRESS', ?, ?, ?)",
          id, service, family, revision, specHash, reason, now, now);
      return null;
    });
  }

  public Optional<Deployment> find(String id) {
    return jdbc.queryOne("select * from deployments where deployment_id = ?", DeploymentStore::map, id);
  }

  public List<Deployment> list(String service) {
    return jdbc.query("select * from deployments where service_name = ? order by created_at desc,"
        + " deployment_id", DeploymentStore::map, service);
  }

  /** Every deployment that still matters (PRIMARY or ACTIVE), by service, newest first. */
  public List<Deployment> current() {
    return jdbc.query("select * from deployments where status <> 'INACTIVE' order by service_name,"
        + " created_at desc, deployment_id", DeploymentStore::map);
  }

  public List<Deployment> primaries() {
    return jdbc.query("select * from deployments where status = 'PRIMARY'", DeploymentStore::map);
  }

  /** The newest completed rollout of the service to another spec: where a rollback goes. */
  public Optional<Deployment> lastGoodOtherThan(String service, String specHash) {
    return jdbc.queryOne("select * from deployments where service_name = ? and rollout_state ="
        + " 'COMPLETED' and spec_hash <> ? order by created_at desc limit 1",
        DeploymentStore::map, service, specHash);
  }

  public void setFailedTasks(String id, int failed, Instant now) {
    jdbc.update("update deployments set failed_tasks = ?, updated_at = ? where deployment_id = ?",
        failed, now, id);
  }

  /** COMPLETED: every other deployment of the service becomes INACTIVE. */
  public void complete(Deployment d, Instant now) {
    jdbc.update("update deployments set rollout_state = 'COMPLETED', rollout_reason = ?,"
        + " updated_at = ? where deployment_id = ?", "all tasks healthy", now, d.deploymentId());
    jdbc.update("update deployments set status = 'INACTIVE', updated_at = ? where service_name = ?"
        + " and deployment_id <> ? and status <> 'INACTIVE'", now, d.serviceName(), d.deploymentId());
  }

  public void fail(Deployment d, String reason, Instant now) {
    jdbc.update("update deployments set rollout_state = 'FAILED', rollout_reason = ?,"
        + " updated_at = ? where deployment_id = ?", reason, now, d.deploymentId());
  }

  /** The service is gone: its deployments end. */
  public void retire(String service, Instant now) {
    jdbc.update("update deployments set status = 'INACTIVE', rollout_state = case when"
        + " rollout_state = 'IN_PROGRESS' then 'FAILED' else rollout_state end, updated_at = ?"
        + " where service_name = ? and status <> 'INACTIVE'", now, service);
  }

  private static Deployment map(ResultSet rs) throws SQLException {
    return new Deployment(rs.getString("deployment_id"), rs.getString("service_name"),
        rs.getString("task_family"), rs.getInt("task_revision"), rs.getString("spec_hash"),
        rs.getString("status"), rs.getString("rollout_state"), rs.getString("rollout_reason"),
        rs.getInt("failed_tasks"), Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
  }
}
