package dev.backroom.hub.api;

import dev.backroom.hub.core.standalone.RunTaskFailure;
import java.util.List;

/** ECS RunTask's answer: the tasks started and, for those that could not be, why. */
public record RunTaskAnswer(List<TaskView> tasks, List<RunTaskFailure> failures) {}
