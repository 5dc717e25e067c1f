package dev.backroom.agent.loop;

/**
 * How a verified assignment compares with the one being enforced, by (hub epoch, generation).
 * The hub's generations only grow while its database lives, but a hub data directory restored
 * from a backup starts over lower; every hub start also starts a newer epoch (see the hub's
 * {@code HubSigningKey}), so a lower generation from a newer epoch is the hub's real word and
 * not a stale copy. Both numbers come from signed messages only, so nothing a device or a broker
 * forges can move them.
 */
public enum AssignmentOrder {
  /** From an epoch before the enforced one: a replay from before a hub restart. */
  OLDER_EPOCH,
  /** Same epoch, lower generation: an old copy. */
  STALE,
  /** Same epoch and generation. */
  SAME,
  /** A higher generation of the same epoch. */
  NEWER,
  /** A newer hub epoch: taken whatever its generation. */
  NEWER_EPOCH;

  /**
   * @param epoch the offered assignment's epoch (0: from before signing)
   * @param appliedEpoch the enforced one's; 0 with none or one from before signing
   * @param appliedGeneration the enforced generation; -1 with none
   */
  public static AssignmentOrder classify(long epoch, long generation, long appliedEpoch,
      long appliedGeneration) {
    if (epoch != appliedEpoch) {
      return epoch > appliedEpoch ? NEWER_EPOCH : OLDER_EPOCH;
    }
    return generation < appliedGeneration ? STALE
        : generation == appliedGeneration ? SAME : NEWER;
  }
}
