/** Upstream reports: gapless batches of device, task and deployment snapshots plus events and audit entries. */
package dev.backroom.cloud.reports;
