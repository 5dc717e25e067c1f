/** ECS ARNs for a configured region and account: formatting, and parsing ARNs or short names. */
package dev.backroom.ecs.arn;
