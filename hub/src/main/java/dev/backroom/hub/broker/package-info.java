/**
 * The hub's own Mosquitto: its configuration and dynamic-security seed, the child process the
 * hub supervises, and the broker's log read back as hub log lines and events.
 */
package dev.backroom.hub.broker;
