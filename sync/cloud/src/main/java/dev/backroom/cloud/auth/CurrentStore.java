package dev.backroom.cloud.auth;

import jakarta.enterprise.context.RequestScoped;

/**
 * The store the current request acts for, set by {@link StoreAuthFilter} from the credential
 * alone: resources never take a store id from the URL or body, so a store cannot name another.
 */
@RequestScoped
public class CurrentStore {
  private String id;

  void set(String storeId) {
    this.id = storeId;
  }

  /** The authenticated store id; never null inside a {@link StoreAuthenticated} resource. */
  public String id() {
    if (id == null) {
      throw new IllegalStateException("no authenticated store on this request");
    }
    return id;
  }
}
