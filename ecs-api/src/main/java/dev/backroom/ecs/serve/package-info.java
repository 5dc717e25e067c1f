/** Serving the ECS protocol: one request from bytes to answer, shared by the hub and the cloud. */
package dev.backroom.ecs.serve;
