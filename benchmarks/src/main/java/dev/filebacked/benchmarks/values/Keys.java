package dev.filebacked.benchmarks.values;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the next key comes from: {@code uniform} over {@code [0, n)}, or {@code zipf}
 * (exponent 1, most popular key 0), drawn from a precomputed table so that drawing costs the
 * same few nanoseconds for both.
 */
public final class Keys {

  private static final int TABLE = 1 << 16;

  private final int[] table;

  private Keys(int[] table) {
    this.table = table;
  }

  /** Keys of the named distribution over {@code [0, n)}. */
  public static Keys of(String distribution, int n) {
    int[] table = new int[TABLE];
    switch (distribution) {
      case "uniform" -> {
        for (int i = 0; i < TABLE; i++) {
          table[i] = ThreadLocalRandom.current().nextInt(n);
        }
      }
      case "zipf" -> {
        double[] cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += 1.0 / (k + 1);
          cumulative[k] = sum;
        }
        for (int i = 0; i < TABLE; i++) {
          double u = ThreadLocalRandom.current().nextDouble() * sum;
          int k = java.util.Arrays.binarySearch(cumulative, u);
          table[i] = k >= 0 ? k : Math.min(-k - 1, n - 1);
        }
      }
      default -> throw new IllegalArgumentException("No key distribution '" + distribution
          + "'; use uniform or zipf");
    }
    return new Keys(table);
  }

  /** The next key, for the calling thread. */
  public int next() {
    return table[ThreadLocalRandom.current().nextInt(TABLE)];
  }
}
