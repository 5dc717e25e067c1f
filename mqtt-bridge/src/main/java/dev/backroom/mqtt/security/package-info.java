/**
 * Who may connect to the store broker and which topics each kind of client may use, and how an
 * external Mosquitto is made to enforce it.
 */
package dev.backroom.mqtt.security;
