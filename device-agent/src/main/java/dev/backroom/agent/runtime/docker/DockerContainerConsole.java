package dev.backroom.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.backroom.agent.runtime.ContainerConsole;
import dev.backroom.agent.runtime.ContainerRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.BiConsumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link ContainerConsole} on the Docker Engine API: {@code logs?follow=1} and {@code exec} with
 * a TTY and attached stdin. Uses its own client without a response timeout, because a followed
 * log or an idle shell is silent for as long as nothing happens.
 */
public final class DockerContainerConsole implements ContainerConsole {
  private static final Logger LOG = Logger.getLogger(DockerContainerConsole.class.getName());
  /** Chunks of stdin queued for the shell; keystrokes are tiny, so this is a lot of typing. */
  private static final int STDIN_CHUNKS = 256;

  private final DockerClient docker;

  public DockerContainerConsole(String dockerHost) {
    this.docker = DockerClients.create(dockerHost, null);
  }

  @Override
  public java.io.Closeable followLog(String containerId, int tail,
      BiConsumer<Instant, String> line, Consumer<String> ended) {
    Once end = new Once(ended);
    ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public void onNext(Frame f) {
        // A frame holds one or more whole lines with the json-file driver; split anyway, and
        // keep an unterminated rest for the next frame.
        partial.append(new String(f.getPayload(), StandardCharsets.UTF_8));
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
          emit(partial.substring(0, nl), line);
          partial.delete(0, nl + 1);
        }
      }

      @Override
      public void onError(Throwable t) {
        end.accept("log stream failed: " + t.getMessage());
      }

      @Override
      public void onComplete() {
        if (!partial.isEmpty()) {
          emit(partial.toString(), line);
        }
        end.accept("log ended (container stopped)");
      }
    };
    try {
      docker.logContainerCmd(containerId).withFollowStream(true).withStdOut(true)
          .withStdErr(true).withTail(Math.max(0, tail)).withTimestamps(true).exec(cb);
    } catch (RuntimeException e) {
      throw new ContainerRuntimeException("follow log of " + containerId + ": " + e.getMessage(), e);
    }
    return () -> {
      end.accept("closed");
      cb.close();
    };
  }

  private static void emit(String raw, BiConsumer<Instant, String> line) {
    int sp = raw.indexOf(' ');
    Instant at = sp > 0 ? timestamp(raw.substring(0, sp)) : null;
    line.accept(at, at == null ? raw : raw.substring(sp + 1));
  }

  /**
   * The engine's per-line timestamp (RFC 3339 with nanoseconds, normally in UTC); null when the
   * text is not one, and the line is then passed whole.
   */
  static Instant timestamp(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public Shell exec(String containerId, int cols, int rows, Consumer<byte[]> output,
      Consumer<String> ended) {
    String execId;
    try {
      execId = docker.execCreateCmd(containerId).withAttachStdin(true).withAttachStdout(true)
          .withAttachStderr(true).withTty(true).withEnv(java.util.List.of("TERM=xterm"))
          .withCmd("/bin/sh").exec().getId();
    } catch (RuntimeException e) {
      throw new ContainerRuntimeException("exec in " + containerId + ": " + e.getMessage(), e);
    }
    Once end = new Once(ended);
    QueueInputStream stdin = new QueueInputStream(STDIN_CHUNKS);
    ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame f) {
        output.accept(f.getPayload());
      }

      @Override
      public void onError(Throwable t) {
        end.accept("shell failed: " + t.getMessage());
      }

      @Override
      public void onComplete() {
        end.accept("shell exited");
      }
    };
    try {
      docker.execStartCmd(execId).withTty(true).withStdIn(stdin).exec(cb);
    } catch (RuntimeException e) {
      throw new ContainerRuntimeException("start exec in " + containerId + ": " + e.getMessage(), e);
    }
    Shell shell = new Shell() {
      @Override
      public boolean write(byte[] input) {
        return stdin.offer(input);
      }

      @Override
      public void resize(int c, int r) {
        try {
          docker.resizeExecCmd(execId).withSize(r, c).exec();
        } catch (RuntimeException e) {
          LOG.log(Level.FINE, "resize of exec failed", e);
        }
      }

      @Override
      public void close() {
        end.accept("closed");
        // EOF on stdin makes sh exit; closing the callback drops the connection in any case.
        stdin.close();
        try {
          cb.close();
        } catch (IOException e) {
          LOG.log(Level.FINE, "closing exec stream failed", e);
        }
      }
    };
    if (cols > 0 && rows > 0) {
      shell.resize(cols, rows);
    }
    return shell;
  }

  @Override
  public void close() {
    try {
      docker.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "closing docker client failed", e);
    }
  }

  /** Calls the wrapped consumer for the first reason only. */
  private static final class Once implements Consumer<String> {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Consumer<String> target;

    Once(Consumer<String> target) {
      this.target = target;
    }

    @Override
    public void accept(String reason) {
      if (done.compareAndSet(false, true)) {
        target.accept(reason);
      }
    }
  }
}
