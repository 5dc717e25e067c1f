package dev.backroom.ecs.sigv4;

import java.util.Optional;

/**
 * Finds the secret behind an access key id. The key store implements it (the hub's access keys);
 * the verifier only reads.
 *
 * @param <P> who the key belongs to (a user or pipeline and its role), handed back on success
 */
@FunctionalInterface
public interface SecretLookup<P> {

    /**
     * @return the secret and owner of an active key; empty for an unknown, disabled or expired key
     *     (all three are one answer on the wire, UnrecognizedClientException, as on AWS: the caller
     *     learns nothing about which keys exist)
     */
    Optional<AccessSecret<P>> find(String accessKeyId);

    /** An active key's secret access key and its owner. */
    record AccessSecret<P>(String secretAccessKey, P principal) {
        @Override
        public String toString() {
            return "AccessSecret[secretAccessKey=<redacted>, principal=" + principal + "]";
        }
    }
}
