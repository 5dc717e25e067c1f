/** Who may connect to the store broker and which topics each kind of client may use. */
package dev.backroom.mqtt.security;
