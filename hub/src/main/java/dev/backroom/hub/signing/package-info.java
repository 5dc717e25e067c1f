/**
 * The hub's Ed25519 signing key and epoch, kept under {@code <data-dir>/signing}, and the signer
 * every assignment and command the hub publishes goes through; devices pin the public key at
 * registration.
 */
package dev.backroom.hub.signing;
