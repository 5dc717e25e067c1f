/** The OpenAPI document of the cloud's REST API and ECS endpoint, for the operator. */
package dev.backroom.cloud.openapi;
