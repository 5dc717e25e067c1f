/**
 * Who may use the hub's API: local users with roles, Argon2id password hashes, bearer tokens,
 * browser sessions with CSRF tokens, login throttling, all wired into Quarkus security.
 */
package dev.backroom.hub.auth;
