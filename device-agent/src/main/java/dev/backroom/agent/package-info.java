/** The device agent: follows its assignment from disk and MQTT, runs containers in Docker. */
package dev.backroom.agent;
