package dev.backroom.config.model;

/** An environment variable, as ECS writes it: {@code {"name": "...", "value": "..."}}. */
public record KeyValuePair(String name, String value) {}
