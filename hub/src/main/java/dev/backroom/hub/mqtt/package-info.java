/** The hub's side of the wire: which broker it uses, ingest of device messages, publishing assignments. */
package dev.backroom.hub.mqtt;
