/** Our small MQTT transport interface, so Paho (unmaintained since 2020) can be swapped out. */
package dev.backroom.mqtt.transport;
