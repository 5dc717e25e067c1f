/** Who may publish and subscribe to what on the store broker, and how an external Mosquitto is made to enforce it. */
package dev.backroom.mqtt.security;
