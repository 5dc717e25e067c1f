/** Upstream reports: gapless batches of device, task and deployment snapshots plus events. */
package dev.backroom.cloud.reports;
