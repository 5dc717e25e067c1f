package dev.backroom.soak;

import dev.backroom.harness.HubApi;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub's API as the soak uses it: every call's status is recorded, and every 5xx is kept with
 * its path and body for the "no 5xx" invariant. A call that gets no answer (hub down) returns
 * empty rather than throwing.
 */
final class RecordingApi {
  /** A 5xx, or a call that got no answer while the hub was supposed to be up. */
  record Bad(double at, String call, int status, String body) {}

  private final HubApi api;
  private final Log log;
  private final AtomicLong calls = new AtomicLong();
  private final List<Bad> serverErrors = new ArrayList<>();

  RecordingApi(HubApi api, Log log) {
    this.api = api;
    this.log = log;
  }

  Optional<HubApi.Reply> get(String path) {
    return call("GET", path, null);
  }

  Optional<HubApi.Reply> post(String path, String body) {
    return call("POST", path, body);
  }

  Optional<HubApi.Reply> put(String path, String body) {
    return call("PUT", path, body);
  }

  Optional<HubApi.Reply> delete(String path) {
    return call("DELETE", path, null);
  }

  Optional<HubApi.Reply> call(String method, String path, String body) {
    calls.incrementAndGet();
    HubApi.Reply r;
    try {
      r = switch (method) {
        case "GET" -> api.get(path);
        case "POST" -> api.post(path, body);
        case "PUT" -> api.put(path, body);
        case "DELETE" -> api.delete(path);
        default -> throw new IllegalArgumentException(method);
      };
    } catch (UncheckedIOException | IllegalStateException e) {
      return Optional.empty();
    }
    if (r.status() >= 500) {
      synchronized (serverErrors) {
        serverErrors.add(new Bad(log.seconds(), method + " " + path, r.status(), r.body()));
      }
      log.line("5xx: " + method + " " + path + " -> " + r.status() + " " + r.body());
    }
    return Optional.of(r);
  }

  long calls() {
    return calls.get();
  }

  List<Bad> serverErrors() {
    synchronized (serverErrors) {
      return List.copyOf(serverErrors);
    }
  }
}
