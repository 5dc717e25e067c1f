package dev.backroom.cloud.desired;

import dev.backroom.cloud.api.CloudError;
import dev.backroom.cloud.auth.AuthSchemes;
import dev.backroom.cloud.auth.CurrentStore;
import dev.backroom.cloud.auth.StoreAuthenticated;
import dev.backroom.cloud.stores.StoreRecord;
import dev.backroom.cloud.stores.StoreStore;
import dev.backroom.sync.wire.DesiredChanges;
import dev.backroom.sync.wire.RevisionAck;
import dev.backroom.sync.wire.SyncPaths;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Downstream: the hub's long-poll for desired-state changes and its acknowledgement. A waiting
 * poll holds no thread: it is a future completed by {@link RevisionWatcher} or its timeout, then
 * answered from the database on a worker, so any instance answers any store.
 */
@Path(SyncPaths.SYNC_ROOT)
@Produces(MediaType.APPLICATION_JSON)
@StoreAuthenticated
@SecurityRequirement(name = AuthSchemes.STORE)
public class DesiredSyncResource {
  @Inject CurrentStore current;
  @Inject StoreStore stores;
  @Inject DesiredAnswers answers;
  @Inject Clock clock;

  @GET
  @Path("desired")
  @Blocking
  public CompletionStage<DesiredChanges> poll(@QueryParam(SyncPaths.PARAM_SINCE) @DefaultValue("0")
      long since, @QueryParam(SyncPaths.PARAM_WAIT) @DefaultValue("0") int waitSeconds) {
    if (since < 0) {
      throw CloudError.badRequest("since must be 0 or a revision, got " + since);
    }
    if (waitSeconds < 0) {
      throw CloudError.badRequest("wait must be 0 to " + SyncPaths.MAX_WAIT_SECONDS
          + " seconds, got " + waitSeconds);
    }
    String storeId = current.id();
    stores.touch(storeId, clock.instant());
    Duration wait = Duration.ofSeconds(Math.min(waitSeconds, SyncPaths.MAX_WAIT_SECONDS));
    var now = answers.answer(storeId, since);
    if (now.isPresent() || wait.isZero()) {
      return CompletableFuture.completedFuture(now.orElse(DesiredAnswers.nothing(storeId, since)));
    }
    return answers.await(storeId, since, System.nanoTime() + wait.toNanos());
  }

  @POST
  @Path("desired/ack")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> ack(RevisionAck ack) {
    if (ack == null || ack.revision() < 0) {
      throw CloudError.badRequest("body must be {\"revision\": <applied revision>}");
    }
    String storeId = current.id();
    // One conditional write; the store is read only to explain a refusal.
    if (!stores.ackRevision(storeId, ack.revision(), clock.instant())) {
      StoreRecord s = stores.find(storeId).orElseThrow(() -> CloudError.notFound("no store " + storeId));
      throw CloudError.badRequest("revision " + ack.revision() + " is ahead of the store's"
          + " revision " + s.revision());
    }
    return Map.of("storeId", storeId, "appliedRevision", ack.revision());
  }
}
