/** Harness that runs the real hub, agents, Mosquitto and Docker for end-to-end tests and benchmarks. */
package dev.backroom.harness;
