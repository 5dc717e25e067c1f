package dev.backroom.cloud.auth;

/**
 * The names of the cloud's three ways in, as the OpenAPI document names its security schemes
 * (defined in META-INF/openapi.yaml): a resource with {@link AdminOnly} declares
 * {@code @SecurityRequirement(name = ADMIN)}, one with {@link StoreAuthenticated} declares
 * {@link #STORE}, so that the document says which credential each route takes. The document
 * cannot read the name bindings themselves; OpenApiDocumentTest checks that the two agree.
 */
public final class AuthSchemes {
  /** The operator's admin token. */
  public static final String ADMIN = "admin";
  /** A store credential ({@code brs1.<storeId>.<secret>}). */
  public static final String STORE = "store";
  /** SigV4 with one of the cloud's access keys, at the ECS endpoint only. */
  public static final String SIGV4 = "sigv4";

  private AuthSchemes() {}
}
