/**
 * Parts the soak plugs in, each usable alone and tested against the real processes:
 * {@link dev.backroom.soak.extra.TelemetryLedger} (telemetry with a known history and the
 * exactly-once-in-order check, {@link dev.backroom.soak.extra.StreamAudit} its pure verdict),
 * {@link dev.backroom.soak.extra.CloudLinkFault} (the hub's uplink refused, black-holed, stalled
 * or slow), {@link dev.backroom.soak.extra.FullDisk} (the hub's data disk nearly full) and
 * {@link dev.backroom.soak.extra.SteppedClock} (the hub's wall clock stepped). What breaks a
 * promise comes back as a {@link dev.backroom.soak.Finding}.
 */
package dev.backroom.soak.extra;
