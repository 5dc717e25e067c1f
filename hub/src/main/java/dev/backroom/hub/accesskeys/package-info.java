/**
 * Access keys for the AWS-shaped APIs (SigV4): issued, listed, disabled, enabled and deleted by
 * admins over REST, their secrets sealed at rest with AES-GCM, and read back through
 * {@link dev.backroom.ecs.keys.AccessKeyLookup} for a request's signature to be checked. The
 * pure parts (ids, sealing, rules, status) are shared with the cloud in {@code dev.backroom.ecs.keys}.
 */
package dev.backroom.hub.accesskeys;
