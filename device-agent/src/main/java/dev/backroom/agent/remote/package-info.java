/** Hub-driven troubleshooting on the device: log tails, exec shells and restarts over MQTT. */
package dev.backroom.agent.remote;
