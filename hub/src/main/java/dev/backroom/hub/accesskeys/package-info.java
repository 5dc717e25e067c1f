/**
 * Access keys for the AWS-shaped APIs (SigV4): issued, listed, disabled, enabled and deleted by
 * admins over REST, their secrets sealed at rest with AES-GCM, and read back by
 * {@link dev.backroom.hub.accesskeys.AccessKeyLookup} for a request's signature to be checked.
 */
package dev.backroom.hub.accesskeys;
