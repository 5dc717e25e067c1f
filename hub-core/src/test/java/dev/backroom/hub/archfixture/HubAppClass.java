package dev.backroom.hub.archfixture;

/** Stands for a hub app class in {@code HubCoreArchitectureTest}'s positive control. */
public final class HubAppClass {
  public static int value() {
    return 1;
  }
}
