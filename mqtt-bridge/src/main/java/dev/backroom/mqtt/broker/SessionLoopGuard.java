package dev.backroom.mqtt.broker;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptExceptionMessage;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps Moquette 0.17's session event loops alive. Each loop is one thread serving every client
 * whose id hashes to it, and it ends for good on the first exception a command throws
 * ({@code SessionEventLoop.executeTask} rethrows). From then on that share of the broker's
 * clients connects but never gets a message again. One such exception is a known double release:
 * when a session is purged (a client id taken over by a new connection, or dropped by the hub)
 * its in-flight QoS 1 messages are released but left in its window, so a PUBACK the old
 * connection had already sent releases the message again in {@code Session.pubAckReceived}.
 * 0.18, which reworks this, is not served here.
 *
 * <p>The dying thread tells the broker's interceptors ({@code onSessionLoopError}) before it
 * ends; the guard then starts a fresh loop on the same queue in its place. Nothing queued is
 * lost: only the failed command is, and it was already broken. Moquette keeps the loops in
 * private fields, so this reaches them by reflection, once, at start; a Moquette whose layout
 * differs fails the broker's start instead of running unguarded.
 */
final class SessionLoopGuard extends AbstractInterceptHandler {
  private static final Logger LOG = Logger.getLogger(SessionLoopGuard.class.getName());

  private final Object[] loops;
  private final BlockingQueue<?>[] queues;
  private final Constructor<?> newLoop;
  private final AtomicLong restarts = new AtomicLong();

  private SessionLoopGuard(Object[] loops, BlockingQueue<?>[] queues, Constructor<?> newLoop) {
    this.loops = loops;
    this.queues = queues;
    this.newLoop = newLoop;
  }

  /** Finds the started server's loops and registers the guard as an interceptor. */
  static SessionLoopGuard install(Server server) {
    try {
      Object registry = MoquetteInternals.read(server, "sessions");
      Object group = MoquetteInternals.read(registry, "loopsGroup");
      Object[] loops = (Object[]) MoquetteInternals.read(group, "sessionExecutors");
      Object rawQueues = MoquetteInternals.read(group, "sessionQueues");
      BlockingQueue<?>[] queues = new BlockingQueue<?>[Array.getLength(rawQueues)];
      for (int i = 0; i < queues.length; i++) {
        queues[i] = (BlockingQueue<?>) Array.get(rawQueues, i);
      }
      Class<?> loopClass = loops.getClass().getComponentType();
      Constructor<?> ctor = loopClass.getDeclaredConstructor(BlockingQueue.class);
      ctor.setAccessible(true);
      SessionLoopGuard guard = new SessionLoopGuard(loops, queues, ctor);
      server.addInterceptHandler(guard);
      return guard;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot guard Moquette's session loops: this Moquette"
          + " version's internals differ from 0.17's", e);
    }
  }

  /** How many loops have been replaced since start. */
  long restarts() {
    return restarts.get();
  }

  /** How many loops there are; tests use it to aim at one. */
  int loopCount() {
    return loops.length;
  }

  /** Loop {@code i}'s command queue; tests use it to break that loop on purpose. */
  BlockingQueue<?> queue(int i) {
    return queues[i];
  }

  @Override
  public String getID() {
    return "backroom-session-loop-guard";
  }

  @Override
  public Class<?>[] getInterceptedMessageTypes() {
    return new Class<?>[] {InterceptExceptionMessage.class};
  }

  /** Runs on the dying loop thread, just before it ends. */
  @Override
  public synchronized void onSessionLoopError(Throwable error) {
    Thread dying = Thread.currentThread();
    for (int i = 0; i < loops.length; i++) {
      if (loops[i] == dying || !((Thread) loops[i]).isAlive()) {
        replace(i, error);
      }
    }
  }

  private void replace(int i, Throwable error) {
    Thread old = (Thread) loops[i];
    try {
      Thread fresh = (Thread) newLoop.newInstance(queues[i]);
      fresh.setName(old.getName());
      fresh.setUncaughtExceptionHandler(old.getUncaughtExceptionHandler());
      // Published before start: Moquette runs a command inline when it is already on its loop,
      // which it tells by comparing the current thread with this array's element.
      loops[i] = fresh;
      fresh.start();
      long n = restarts.incrementAndGet();
      LOG.log(Level.WARNING, "Moquette session loop '" + old.getName() + "' died on an exception"
          + " and was replaced (" + n + " since start); its clients keep being served", error);
    } catch (ReflectiveOperationException e) {
      LOG.log(Level.SEVERE, "cannot replace Moquette session loop '" + old.getName()
          + "': clients on it get no more messages", e);
    }
  }
}
