/** The agent's MQTT link to the hub: lifecycle, capabilities, heartbeat and status up; assignments down. */
package dev.backroom.agent.mqtt;
