/**
 * Who may connect to the store broker and which topics each kind of client may use, and how
 * Mosquitto (the hub's own or an operator's) is made to enforce it.
 */
package dev.backroom.mqtt.security;
