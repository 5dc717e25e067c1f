/** Device membership and liveness: capabilities from the store, heartbeats and wills from MQTT. */
package dev.backroom.hub.devices;
