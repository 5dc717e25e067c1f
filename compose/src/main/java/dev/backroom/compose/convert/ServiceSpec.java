package dev.backroom.compose.convert;

import dev.backroom.config.model.RuntimePlatform;
import dev.backroom.config.model.Volume;
import java.util.List;
import java.util.Map;

/**
 * One Compose service, mapped: its container and what the task and the ECS service around it
 * need. {@code dependsOn} maps a Compose service name to an ECS condition; {@code optional}
 * names the ones with {@code required: false}.
 */
record ServiceSpec(
    String name,
    ContainerDraft container,
    List<Volume> volumes,
    String networkMode,
    Integer replicas,
    boolean global,
    RuntimePlatform platform,
    Map<String, String> dependsOn,
    List<String> optional,
    List<String> profiles) {}
