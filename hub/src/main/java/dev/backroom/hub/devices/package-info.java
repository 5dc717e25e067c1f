/**
 * Device membership and liveness: capabilities from the store, heartbeats and wills from MQTT,
 * holds and drains, and each enrolled device's stored credential hashes and revocation.
 */
package dev.backroom.hub.devices;
