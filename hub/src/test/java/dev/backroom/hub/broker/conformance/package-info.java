/**
 * The broker conformance suite: MQTT 3.1.1 rules, Wills against the ACL and answered refusals,
 * run over raw packets against every broker setup the hub can run with.
 */
package dev.backroom.hub.broker.conformance;
