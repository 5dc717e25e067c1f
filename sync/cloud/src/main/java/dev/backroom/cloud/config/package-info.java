/** The cloud's configuration (one @ConfigMapping), clock and admin token. */
package dev.backroom.cloud.config;
