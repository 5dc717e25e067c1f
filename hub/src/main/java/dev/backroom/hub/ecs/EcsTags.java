package dev.backroom.hub.ecs;

import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.jdbc.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tags of ECS resources in H2 ({@code ecs_tags}), by ARN. Every operation that takes
 * {@code tags} reads them with ecs-api's {@link Tags#read} (ECS's rules; bad ones refused before
 * anything changes) and stores them with {@link #put} in the same transaction as the resource.
 */
@ApplicationScoped
public class EcsTags {
  @Inject Jdbc jdbc;

  /** Adds or replaces tags of {@code arn}; more than 50 in all is refused, nothing changed. */
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
        jdbc.update("delete from ecs_tags where resource_arn = ? and tag_key = ?", arn, k);
        jdbc.update("insert into ecs_tags (resource_arn, tag_key, tag_value) values (?, ?, ?)",
            arn, k, v);
      });
      return null;
    });
  }

  public void remove(String arn, List<String> keys) {
    for (String k : keys) {
      jdbc.update("delete from ecs_tags where resource_arn = ? and tag_key = ?", arn, k);
    }
  }

  /** Every tag of a resource that is gone (a deleted service), so a new one starts bare. */
  public void forget(String arn) {
    jdbc.update("delete from ecs_tags where resource_arn = ?", arn);
  }

  public Map<String, String> list(String arn) {
    Map<String, String> out = new LinkedHashMap<>();
    jdbc.query("select tag_key, tag_value from ecs_tags where resource_arn = ? order by tag_key",
        rs -> new String[] {rs.getString(1), rs.getString(2)}, arn)
        .forEach(kv -> out.put(kv[0], kv[1]));
    return out;
  }
}
