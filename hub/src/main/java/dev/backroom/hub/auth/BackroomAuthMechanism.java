package dev.backroom.hub.auth;

import dev.backroom.hub.web.ReturnTo;
import dev.backroom.hub.web.ApiError;
import dev.backroom.hub.web.Caller;
import dev.backroom.hub.web.EcsPaths;
import dev.backroom.hub.web.LoginChallenge;
import dev.backroom.hub.web.Roles;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * The hub's only HTTP authentication mechanism: {@code Authorization: Bearer <token>} for
 * programs, else the {@code backroom_session} cookie for browsers. Neither is anonymous: no
 * credential means anonymous, which every guarded resource refuses with 401. A bad bearer
 * token is refused at once; an unknown or expired session cookie counts as no credential, so a
 * browser with a stale cookie can still reach the login page.
 */
@ApplicationScoped
public class BackroomAuthMechanism implements HttpAuthenticationMechanism {
  static final String BEARER = "Bearer ";

  @Inject AuthConfig config;
  @Inject SessionStore sessions;

  @Override
  public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager ipm) {
    if (!config.enabled()) {
      return Uni.createFrom().item(
          new Caller("anonymous", Roles.ADMIN, Caller.INSECURE).identity());
    }
    if (EcsPaths.is(ctx.request().path())) {
      // The ECS endpoint verifies its SigV4 Authorization itself; sessions have no say there.
      return Uni.createFrom().nullItem();
    }
    String header = ctx.request().getHeader(HttpHeaderNames.AUTHORIZATION);
    if (header != null) {
      if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return Uni.createFrom().failure(
            new AuthenticationFailedException("only Bearer authorization is supported"));
      }
      TokenAuthenticationRequest req = new TokenAuthenticationRequest(
          new TokenCredential(header.substring(BEARER.length()).trim(), "bearer"));
      HttpSecurityUtils.setRoutingContextAttribute(req, ctx);
      return ipm.authenticate(req);
    }
    io.vertx.core.http.Cookie cookie = ctx.request().getCookie(SessionStore.COOKIE);
    if (cookie != null) {
      return Uni.createFrom().item(sessions.identity(cookie.getValue()));
    }
    return Uni.createFrom().nullItem();
  }

  @Override
  public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
    if (LoginChallenge.wantsLoginPage(ctx)) {
      // A browser asking for a page is sent to the login form instead of a bare 401, with the
      // page to come back to.
      return Uni.createFrom().item(new ChallengeData(302, HttpHeaderNames.LOCATION,
          ReturnTo.loginFor(ctx.request().method().name(), ctx.request().uri())));
    }
    return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE,
        LoginChallenge.BEARER));
  }

  /**
   * The challenge as {@link #getChallenge} decides it; a 401 also carries the API's JSON error
   * body, so that a program gets {@code {error, message}} like for every other refusal.
   */
  @Override
  public Uni<Boolean> sendChallenge(RoutingContext ctx) {
    return getChallenge(ctx).map(c -> {
      HttpServerResponse r = ctx.response();
      if (r.ended() || r.headWritten()) {
        return true;
      }
      r.setStatusCode(c.status);
      c.getHeaders().forEach((name, value) -> r.headers().set(name, value));
      if (c.status == 401) {
        r.putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json").end(new JsonObject()
            .put("error", ApiError.codeOf(401)).put("message", ApiError.messageOf(401)).encode());
      }
      return true;
    });
  }

  @Override
  public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
    return Set.of(TokenAuthenticationRequest.class);
  }
}
