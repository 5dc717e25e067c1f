package dev.backroom.cloud.ecs;

import dev.backroom.cloud.groups.StoreGroupDeleted;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table ecs_tags: tags of the cloud's ECS resources by the ARN the cloud writes for them. The
 * rules a tag obeys are ecs-api's {@link Tags} (the hub's), so a tag either side takes the
 * other takes too.
 */
@ApplicationScoped
public class CloudTags {
  @Inject
  @Named("cloud")
  Jdbc jdbc;

  @Inject Clusters clusters;

  /**
   * Adds or replaces tags of {@code arn}; more than 50 in all is refused with nothing changed.
   * Joins the caller's transaction when there is one.
   */
  public void put(String arn, Map<String, String> tags) {
    if (tags.isEmpty()) {
      return;
    }
    jdbc.inTransaction(() -> {
      Map<String, String> all = new LinkedHashMap<>(list(arn));
      all.putAll(tags);
      if (all.size() > Tags.MAX_TAGS) {
        throw EcsError.invalidParameter("a resource holds at most " + Tags.MAX_TAGS + " tags; "
            + arn + " would hold " + all.size());
      }
      tags.forEach((k, v) -> {
        jdbc.update("DELETE FROM ecs_tags WHERE resource_arn = ? AND tag_key = ?", arn, k);
        jdbc.update("INSERT INTO ecs_tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)",
            arn, k, v);
      });
      return null;
    });
  }

  public void remove(String arn, List<String> keys) {
    jdbc.inTransaction(() -> {
      for (String k : keys) {
        jdbc.update("DELETE FROM ecs_tags WHERE resource_arn = ? AND tag_key = ?", arn, k);
      }
      return null;
    });
  }

  /** Every tag of a resource that is gone (a deleted service), so a new one starts bare. */
  public void forget(String arn) {
    jdbc.update("DELETE FROM ecs_tags WHERE resource_arn = ?", arn);
  }

  /**
   * A deleted store group is a cluster that is gone: its own tags and those of the services
   * under its ARN go, so a group made again under the name starts bare, as a new ECS cluster
   * does. (Stores cannot be deleted.)
   */
  void groupDeleted(@Observes StoreGroupDeleted e) {
    String cluster = clusters.arns().cluster(e.name());
    String service = clusters.arns().service(e.name(), "x");
    String services = service.substring(0, service.length() - 1);
    jdbc.inTransaction(() -> {
      forget(cluster);
      jdbc.update("DELETE FROM ecs_tags WHERE LEFT(resource_arn, ?) = ?", services.length(),
          services);
      return null;
    });
  }

  public Map<String, String> list(String arn) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.query("SELECT tag_key, tag_value FROM ecs_tags WHERE resource_arn = ? ORDER BY tag_key",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, arn)
        .forEach(kv -> out.put(kv[0], kv[1]));
    return out;
  }
}
