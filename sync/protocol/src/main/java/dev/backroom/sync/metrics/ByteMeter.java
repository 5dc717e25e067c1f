package dev.backroom.sync.metrics;

/**
 * Where the sync client reports the bytes it moved (the body as sent on the wire, compressed if
 * it was), so each app binds it to its own metrics registry.
 */
@FunctionalInterface
public interface ByteMeter {
  ByteMeter NONE = (channel, direction, bytes) -> {};

  void record(Channel channel, Direction direction, long bytes);
}
