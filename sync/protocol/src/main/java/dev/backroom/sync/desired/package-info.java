/** Stores' effective desired state, its revision diff and change log, and the hub's apply plan. */
package dev.backroom.sync.desired;
