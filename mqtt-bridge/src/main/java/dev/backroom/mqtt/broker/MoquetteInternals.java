package dev.backroom.mqtt.broker;

import java.lang.reflect.Field;

/**
 * Reflective access to Moquette 0.17's private fields, for the workarounds of its defects
 * ({@link SessionLoopGuard}, {@link ConnectGate}); each fails the broker's start when a field is
 * missing, so a different Moquette never runs without them.
 */
final class MoquetteInternals {
  private MoquetteInternals() {}

  /** The declared field {@code name} of {@code owner}, made accessible. */
  static Field field(Class<?> owner, String name) throws ReflectiveOperationException {
    Field f = owner.getDeclaredField(name);
    f.setAccessible(true);
    return f;
  }

  /** The value of {@code owner}'s own field {@code name}. */
  static Object read(Object owner, String name) throws ReflectiveOperationException {
    return field(owner.getClass(), name).get(owner);
  }
}
