package dev.backroom.cloud.auth;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.auth.CredentialFormatException;
import dev.backroom.sync.auth.StoreCredential;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The two bearer checks. A store credential is checked against the sha256 of its secret kept on
 * the store row; every refusal is the same 401 whatever was wrong, apart from the reason text.
 */
public class AuthFilters {
  private static final String BEARER = "Bearer ";

  @Inject AdminToken adminToken;
  @Inject StoreStore stores;
  @Inject CurrentStore currentStore;

  @ServerRequestFilter
  @AdminOnly
  public void admin(ContainerRequestContext ctx) {
    String header = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw CloudError.unauthorized("operator API needs 'Authorization: Bearer <admin token>'");
    }
    if (!adminToken.matches(header.substring(BEARER.length()).strip())) {
      throw CloudError.unauthorized("admin token is wrong");
    }
  }

  @ServerRequestFilter
  @StoreAuthenticated
  public void store(ContainerRequestContext ctx) {
    StoreCredential credential;
    try {
      credential = StoreCredential.fromAuthorization(ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
    } catch (CredentialFormatException e) {
      throw CloudError.unauthorized(e.getMessage());
    }
    String hash = stores.credentialHash(credential.storeId()).orElse(null);
    if (!credential.matches(hash)) {
      throw CloudError.unauthorized("store credential is not valid (revoked, replaced by a newer"
          + " enrolment, or never issued)");
    }
    currentStore.set(credential.storeId());
  }
}
