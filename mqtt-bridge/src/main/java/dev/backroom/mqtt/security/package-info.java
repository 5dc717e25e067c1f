/**
 * Who may connect to the store broker and which topics each kind of client may use, as data
 * shared by the hub and the agent. Making a broker enforce it is the hub's ({@code
 * dev.backroom.hub.broker.dynsec}).
 */
package dev.backroom.mqtt.security;
