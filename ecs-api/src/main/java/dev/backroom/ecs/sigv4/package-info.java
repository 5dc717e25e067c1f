/**
 * AWS Signature Version 4 verification for the ECS API: {@link dev.backroom.ecs.sigv4.SigV4Verifier}
 * (pure, clock an argument), {@link dev.backroom.ecs.sigv4.ReplayGuard}, and the
 * {@link dev.backroom.ecs.sigv4.SecretLookup} a key store implements.
 */
package dev.backroom.ecs.sigv4;
