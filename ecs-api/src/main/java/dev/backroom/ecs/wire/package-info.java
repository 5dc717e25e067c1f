/**
 * The Amazon ECS JSON 1.1 protocol: the operation a target names, error shapes and their
 * rendering, strict request reading, timestamps, and the dispatcher from operation to handler.
 */
package dev.backroom.ecs.wire;
