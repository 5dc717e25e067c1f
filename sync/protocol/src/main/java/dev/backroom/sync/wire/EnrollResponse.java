package dev.backroom.sync.wire;

/** The store identity a hub keeps (mode 0600); the cloud keeps only a hash of the credential. */
public record EnrollResponse(String storeId, String credential, String cloudUrl) {}
