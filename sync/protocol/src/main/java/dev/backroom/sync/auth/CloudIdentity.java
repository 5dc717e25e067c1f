package dev.backroom.sync.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URI;

/**
 * What a hub keeps after enrolling ({@code <data-dir>/cloud-identity.json}). The credential is a
 * secret, so {@link #toString()} hides it.
 */
public record CloudIdentity(String cloudUrl, String storeId, String credential) {
  public static final String FILE_NAME = "cloud-identity.json";

  /** The parsed credential; fails with the reason when it is malformed or names another store. */
  @JsonIgnore
  public StoreCredential storeCredential() {
    StoreCredential c = StoreCredential.parse(credential);
    if (!c.storeId().equals(storeId)) {
      throw new CredentialFormatException("credential is for store " + c.storeId()
          + " but the identity names store " + storeId);
    }
    return c;
  }

  @JsonIgnore
  public URI cloudUri() {
    return URI.create(cloudUrl);
  }

  @Override
  public String toString() {
    return "CloudIdentity[cloudUrl=" + cloudUrl + ", storeId=" + storeId + ", credential=***]";
  }
}
