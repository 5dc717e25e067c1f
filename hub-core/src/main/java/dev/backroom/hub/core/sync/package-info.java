/**
 * The hub side of cloud sync, pure: how a downstream answer changes the cloud's objects, what
 * the hub must write to converge on them, which events may be reported past a gap, and when a
 * report says something new. No I/O, no clock.
 */
package dev.backroom.hub.core.sync;
