package dev.backroom.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Free loopback ports, and waiting for a port to open. */
public final class Ports {
  private Ports() {}

  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean isOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static void awaitOpen(int port, Duration timeout, Process owner, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isOpen(port)) {
        return;
      }
      if (owner != null && !owner.isAlive()) {
        throw new IllegalStateException(what + " exited with code " + owner.exitValue());
      }
      sleep(50);
    }
    throw new IllegalStateException(what + " did not open port " + port + " within " + timeout);
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
