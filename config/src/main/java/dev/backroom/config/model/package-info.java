/** Immutable records for task definitions and services, named and shaped after Amazon ECS. */
package dev.backroom.config.model;
