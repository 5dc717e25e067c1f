/** The bodies carried in envelopes between hub and devices. */
package dev.backroom.mqtt.message;
