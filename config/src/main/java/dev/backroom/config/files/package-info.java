/** Owner-only modes for the data directories of the hub, the agent and the cloud. */
package dev.backroom.config.files;
