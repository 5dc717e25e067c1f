/** Desired objects, per-store effective state, revisions, change log and the downstream long-poll. */
package dev.backroom.cloud.desired;
