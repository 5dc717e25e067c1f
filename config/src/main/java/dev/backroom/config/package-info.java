/** The desired-state language: ECS-vocabulary task definitions and services, with no framework. */
package dev.backroom.config;
