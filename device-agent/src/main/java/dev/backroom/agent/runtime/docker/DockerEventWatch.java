package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the engine's event stream for one device's containers and pokes the agent on die,
 * start, destroy and health changes. Resubscribes after the stream ends (engine restart), so a
 * {@code docker kill} is seen within milliseconds rather than at the next reconcile tick.
 */
final class DockerEventWatch implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DockerEventWatch.class.getName());
  private static final long RESUBSCRIBE_DELAY_MS = 1_000;
  private static final long FOLLOW_UP_MS = 100;

  private final DockerClient docker;
  private final String deviceId;
  private final Runnable onChange;
  private final ScheduledExecutorService retry;
  private volatile ResultCallback.Adapter<Event> current;
  private volatile boolean closed;

  DockerEventWatch(String dockerHost, String deviceId, Runnable onChange) {
    this.docker = DockerClients.create(dockerHost, null);
    this.deviceId = deviceId;
    this.onChange = onChange;
    this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "docker-events-" + deviceId);
      t.setDaemon(true);
      return t;
    });
  }

  DockerEventWatch start() {
    retry.execute(this::subscribe);
    return this;
  }

  private void subscribe() {
    if (closed) {
      return;
    }
    try {
      current = docker.eventsCmd()
          .withEventTypeFilter(EventType.CONTAINER)
          .withLabelFilter(ContainerLabels.deviceFilter(deviceId))
          .withEventFilter("die", "start", "destroy", "health_status")
          .exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Event event) {
              LOG.log(Level.FINE, "docker event {0} {1}", new Object[] {event.getAction(),
                  event.getId()});
              onChange.run();
              if ("die".equals(event.getAction())) {
                // The engine may send "die" before its container list shows the exit; a second
                // look shortly after keeps a restart from waiting for the next periodic tick.
                retry.schedule(onChange, FOLLOW_UP_MS, TimeUnit.MILLISECONDS);
              }
            }

            @Override
            public void onError(Throwable t) {
              if (!closed) {
                LOG.log(Level.FINE, "docker event stream failed, resubscribing", t);
                resubscribeLater();
              }
            }

            @Override
            public void onComplete() {
              if (!closed) {
                resubscribeLater();
              }
            }
          });
      // Events missed while we were not subscribed are caught up by this nudge.
      onChange.run();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "cannot subscribe to docker events", e);
      resubscribeLater();
    }
  }

  private void resubscribeLater() {
    if (!closed) {
      retry.schedule(this::subscribe, RESUBSCRIBE_DELAY_MS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    closed = true;
    retry.shutdownNow();
    try {
      if (current != null) {
        current.close();
      }
      docker.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing docker event stream failed", e);
    }
  }
}
