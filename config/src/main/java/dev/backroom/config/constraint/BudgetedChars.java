package dev.backroom.config.constraint;

/** A string that allows only so many character reads, shared with its subsequences. */
final class BudgetedChars implements CharSequence {
  /** Thrown when the reads are spent; no stack trace, it is control flow. */
  static final class Exhausted extends RuntimeException {
    Exhausted() {
      super("match budget spent", null, false, false);
    }
  }

  private final String s;
  private final int[] left;

  BudgetedChars(String s, int budget) {
    this(s, new int[] {budget});
  }

  private BudgetedChars(String s, int[] left) {
    this.s = s;
    this.left = left;
  }

  @Override
  public char charAt(int i) {
    if (--left[0] < 0) {
      throw new Exhausted();
    }
    return s.charAt(i);
  }

  @Override
  public int length() {
    return s.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BudgetedChars(s.substring(start, end), left);
  }

  @Override
  public String toString() {
    return s;
  }
}
