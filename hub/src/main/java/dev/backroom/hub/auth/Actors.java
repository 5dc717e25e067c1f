package dev.backroom.hub.auth;

import dev.backroom.hub.web.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who acts in the current request, for events: the authenticated user. Only with auth off is
 * the caller's own claim (body actor or {@code X-Backroom-Actor}) taken, as before auth existed.
 */
@ApplicationScoped
public class Actors {
  @Inject AuthConfig config;
  @Inject SecurityIdentity identity;

  /** @param claimed what the request says about its actor; used only when auth is off */
  public String current(String claimed) {
    if (!config.enabled()) {
      return claimed;
    }
    Caller c = Caller.of(identity);
    // Every mutating resource is @RolesAllowed, so an anonymous caller never gets here.
    if (c == null) {
      throw new IllegalStateException("no authenticated caller");
    }
    return c.name();
  }
}
