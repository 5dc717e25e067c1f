package dev.backroom.hub.ecs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** {@code backroom.ecs.*}: the Amazon ECS endpoint at {@code /ecs} (docs/ecs-api.md). */
@ConfigMapping(prefix = "backroom.ecs")
public interface EcsConfig {
  /** The region in every ARN the hub writes; a pipeline may sign for any region. */
  @WithDefault("us-east-1")
  String region();

  /** The 12-digit account id in every ARN the hub writes. */
  @WithDefault("000000000000")
  String accountId();

  /**
   * The store's cluster name. Default: the store id once the hub is enrolled with a cloud, else
   * {@code default}; {@code default} is accepted as well in either case.
   */
  Optional<String> cluster();

  /** Requests a second per access key, on average, before ThrottlingException. */
  @WithDefault("20")
  double requestsPerSecond();

  /** Requests an access key may make at once before the average applies. */
  @WithDefault("40")
  int burst();
}
