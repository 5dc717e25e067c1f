package db.migration;

import dev.backroom.config.json.Json;
import dev.backroom.config.json.SpecHash;
import dev.backroom.config.model.TaskDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Before this version a task definition without {@code networkMode} ran in host mode; now it
 * means bridge, as in ECS for EXTERNAL instances, and registration writes the mode out. So every
 * stored revision without one gets {@code "host"} written into it: what is deployed keeps running
 * as it did.
 *
 * <p>Tasks carry the spec hash of their revision, and the agent recreates a container whose hash
 * changed. Writing the mode into a revision changes its JSON, and so what {@link SpecHash#of}
 * gives; to keep every running task as it is, each revision now stores the hash its tasks carry
 * ({@code spec_hash}): for a revision stored before, the hash of its JSON as it was.
 *
 * <p>Each revision given host here is marked ({@code network_mode_defaulted}). The cloud's copy
 * of a cloud-owned definition still names no mode; the sync reads the mark to keep such a
 * family in host mode instead of registering a bridge revision and rolling its services onto it
 * (see {@code ConvergePlan}). {@code network_mode_noticed_at} is when the hub told the operator
 * so, set on one revision of the family: the operator is told once a family.
 */
public class V11__task_definition_network_mode extends BaseJavaMigration {

  private record Row(String family, int revision, String spec) {}

  @Override
  public void migrate(Context context) throws Exception {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      st.execute("alter table task_definitions add column spec_hash varchar(32)");
      st.execute("alter table task_definitions add column network_mode_defaulted boolean"
          + " default false not null");
      st.execute("alter table task_definitions add column network_mode_noticed_at timestamp");
    }
    List<Row> rows = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select family, revision, spec from task_definitions")) {
      while (rs.next()) {
        rows.add(new Row(rs.getString(1), rs.getInt(2), rs.getString(3)));
      }
    }
    try (PreparedStatement up = c.prepareStatement(
        "update task_definitions set spec = ?, spec_hash = ?, network_mode_defaulted = ?"
            + " where family = ? and revision = ?")) {
      for (Row r : rows) {
        TaskDefinition td;
        try {
          td = Json.read(r.spec(), TaskDefinition.class);
        } catch (RuntimeException e) {
          // Every stored spec was written by the hub; one it cannot read is not guessed at.
          throw new IllegalStateException("task definition " + r.family() + ":" + r.revision()
              + " is not readable JSON: " + e.getMessage(), e);
        }
        String hash = SpecHash.of(td);
        TaskDefinition now = td.networkMode() == null ? td.withNetworkMode(TaskDefinition.HOST) : td;
        up.setString(1, now == td ? r.spec() : Json.write(now));
        up.setString(2, hash);
        up.setBoolean(3, now != td);
        up.setString(4, r.family());
        up.setInt(5, r.revision());
        up.addBatch();
      }
      up.executeBatch();
    }
  }
}
