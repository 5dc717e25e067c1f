/** The hub's embedded MQTT broker (Moquette), an optional dependency the agent never pulls in. */
package dev.backroom.mqtt.broker;
