/** JSON reading and writing of specs, turning Jackson's errors into violations with paths. */
package dev.backroom.config.json;
