/**
 * Access keys for the AWS-shaped APIs, the parts the hub and the cloud share: ids and secrets in
 * AWS's shapes, the AES-GCM sealing of secrets at rest, what a new key may ask for, a key's
 * status, and the lookup a SigV4 verifier reads keys through. Plain Java; each side keeps its
 * own store, sealing key file and REST resource.
 */
package dev.backroom.ecs.keys;
