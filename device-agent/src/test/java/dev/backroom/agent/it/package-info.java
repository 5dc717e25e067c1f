/** Integration tests against the real Docker Engine and a real in-process MQTT broker. */
package dev.backroom.agent.it;
