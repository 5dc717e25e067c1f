package dev.backroom.hub.audit;

import dev.backroom.hub.web.ApiError;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Notes, for the audit log, why the REST layer refused a request: every refusal there answers an
 * {@link ApiError} (from a resource, an exception mapper or a request filter such as the CSRF
 * check), and its code and message are what a technician needs beside the status.
 */
public class AuditReason {
  @ServerResponseFilter
  public void note(ContainerResponseContext response) {
    if (response.getStatus() >= 400 && response.getEntity() instanceof ApiError e) {
      AuditTarget.refused(e.error(), e.message());
    }
  }
}
