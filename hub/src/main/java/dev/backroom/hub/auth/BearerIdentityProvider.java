package dev.backroom.hub.auth;

import dev.backroom.hub.web.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Turns a bearer token into an identity; the lookup reads H2, so it runs off the event loop. */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
  @Inject Accounts accounts;

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
      AuthenticationRequestContext context) {
    return context.runBlocking(() -> accounts.byToken(request.getToken().getToken())
        .map(Caller::identity)
        .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked token")));
  }
}
