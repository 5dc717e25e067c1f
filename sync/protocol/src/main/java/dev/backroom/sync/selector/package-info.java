/** Label selectors that decide which stores a desired object is for. */
package dev.backroom.sync.selector;
