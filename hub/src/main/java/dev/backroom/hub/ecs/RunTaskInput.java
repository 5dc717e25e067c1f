package dev.backroom.hub.ecs;

import dev.backroom.ecs.arn.Arns;
import dev.backroom.ecs.shapes.RunTaskMembers;
import dev.backroom.ecs.shapes.Tags;
import dev.backroom.ecs.wire.EcsError;
import dev.backroom.ecs.wire.EcsRequest;
import dev.backroom.hub.core.standalone.RunTaskReader;
import dev.backroom.hub.core.standalone.RunTaskRequest;
import java.util.Map;
import java.util.Set;

/**
 * ECS RunTask's and StartTask's bodies read into the hub's {@link RunTaskRequest}, which the
 * REST API's RunTask reads too ({@link RunTaskReader}: overrides, constraints, strategies,
 * startedBy, group and clientToken checked the same way). What only ECS has is settled by
 * {@link RunTaskMembers} (shared with the cloud): every member the hub cannot honour is refused,
 * naming it and why. Pure.
 */
final class RunTaskInput {
  static final Set<String> RUN_MEMBERS = RunTaskMembers.RUN;
  static final Set<String> START_MEMBERS = RunTaskMembers.START;

  /** The request for the hub, the tags given and whether to add the definition's. */
  record Input(RunTaskRequest request, Map<String, String> tags,
      RunTaskMembers.Propagate propagate) {}

  private RunTaskInput() {}

  /**
   * @param count null for RunTask (the request's own {@code count}); StartTask's number of
   *     container instances
   */
  static Input read(EcsRequest r, Arns arns, Integer count) {
    var body = RunTaskMembers.readerBody(r, arns, count);
    Map<String, String> tags = Tags.read(r.body().get("tags"));
    RunTaskMembers.Propagate propagate = RunTaskMembers.propagate(r);
    RunTaskReader.Result read = RunTaskReader.read(body.toString());
    if (!read.ok()) {
      throw EcsError.invalidParameter(RunTaskMembers.describe(read.violations()));
    }
    return new Input(read.value(), tags, propagate);
  }

  static String describe(java.util.List<dev.backroom.config.validate.Violation> violations) {
    return RunTaskMembers.describe(violations);
  }
}
