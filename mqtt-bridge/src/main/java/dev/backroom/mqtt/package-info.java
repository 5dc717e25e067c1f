/** The wire between hub and devices: every topic, in one place, versioned under backroom/v1. */
package dev.backroom.mqtt;
