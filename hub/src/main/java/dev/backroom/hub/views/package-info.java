/**
 * Read models the REST API, the UI and the sync upstream all show (devices, services), built in
 * one place so that no two of them disagree; above the hub's state, below every feature.
 */
package dev.backroom.hub.views;
