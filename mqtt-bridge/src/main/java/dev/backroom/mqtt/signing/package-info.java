/**
 * Hub-signed envelopes: the hub signs every assignment and command with its Ed25519 key, and a
 * device verifies them with the key it pinned at registration, so the broker is not trusted to
 * say who published a message.
 */
package dev.backroom.mqtt.signing;
