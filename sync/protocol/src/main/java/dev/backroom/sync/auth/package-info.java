/** Store identities: credentials, activation codes and the hub's saved cloud identity. */
package dev.backroom.sync.auth;
