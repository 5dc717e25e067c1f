/** The ECS cluster query language for {@code memberOf} constraints: parsing and evaluation. */
package dev.backroom.config.constraint;
