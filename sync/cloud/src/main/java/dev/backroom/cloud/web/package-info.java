/** Web plumbing in front of every route: the raw-path guard. */
package dev.backroom.cloud.web;
