package dev.backroom.compose.convert;

import dev.backroom.config.model.Volume;
import java.util.Map;
import java.util.function.Function;

/**
 * What every service's mapping shares: the project name, the top-level volumes (Compose key to
 * the ECS volume it becomes), the variables ({@code .env} under the caller's environment) and
 * the files the caller handed over.
 */
record Context(String project, Map<String, Volume> namedVolumes,
    Function<String, String> variables, Map<String, String> files) {}
