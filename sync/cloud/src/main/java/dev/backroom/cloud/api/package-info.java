/** Error bodies and exception mapping shared by every resource. */
package dev.backroom.cloud.api;
