/** Immutable records for desired and observed containers, shared by reconciler, runtime and status. */
package dev.backroom.agent.model;
