/**
 * The cloud's own audit log: who wrote (or was refused) what through the cloud's Amazon ECS
 * endpoint, kept in table cloud_audit and served to the operator at {@code GET /api/v1/audit}.
 */
package dev.backroom.cloud.audit;
