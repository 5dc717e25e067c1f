/**
 * Mosquitto's dynamic-security plugin, the hub's alone: {@code TopicPolicy} as roles, the admin
 * connection over {@code $CONTROL}, the accounts of enrolled devices ({@link
 * dev.backroom.hub.broker.dynsec.BrokerAccounts}), and the plugin's first file for a Mosquitto an
 * operator runs. Used for the hub's own Mosquitto and an operator's alike; {@link
 * dev.backroom.hub.broker.dynsec.MosquittoAccounts} keeps an operator's in shape.
 */
package dev.backroom.hub.broker.dynsec;
