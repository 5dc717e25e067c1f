/**
 * Pure placement of tasks on store devices: a chain of feasibility checks, then a scorer, with no
 * I/O, clock reads or logging, so every decision can be replayed from its inputs.
 */
package dev.backroom.hub.core.scheduler;
