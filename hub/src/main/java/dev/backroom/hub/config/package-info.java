/** The hub's configuration, one {@code @ConfigMapping} for every {@code backroom.*} key. */
package dev.backroom.hub.config;
