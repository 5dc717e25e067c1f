/** The hub's side of the wire: the embedded broker's lifecycle, ingest of device messages, publishing assignments. */
package dev.backroom.hub.mqtt;
