package dev.backroom.config.model;

/** ECS {@code resourceRequirements} entry; only {@code GPU} is supported, its value a count. */
public record ResourceRequirement(String type, String value) {
  public static final String GPU = "GPU";
}
