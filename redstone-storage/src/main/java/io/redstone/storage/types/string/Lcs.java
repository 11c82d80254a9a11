package io.redstone.storage.types.string;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest common subsequence of two byte strings, by the classic dynamic-programming table,
 * walked back from the end exactly as Redis walks it (on a tie, step back in the second string), so
 * the subsequence and the match ranges chosen among equally long answers are the ones Redis gives.
 */
final class Lcs {
  /** One run of consecutive matching bytes: inclusive index ranges in each string. */
  record Match(int aStart, int aEnd, int bStart, int bEnd) {
    int length() {
      return aEnd - aStart + 1;
    }
  }

  /** The subsequence, and its runs from the last to the first as Redis lists them. */
  record Result(byte[] subsequence, List<Match> matches) {}

  private Lcs() {}

  /**
   * The number of table cells the computation needs, so the caller can refuse it beforehand: {@code
   * (|a|+1) * (|b|+1)}.
   */
  static long cells(int aLength, int bLength) {
    return (aLength + 1L) * (bLength + 1L);
  }

  /** The subsequence and its runs; the table must fit an int array (see {@link #cells}). */
  static Result compute(byte[] a, byte[] b) {
    int width = b.length + 1;
    int[] table = new int[Math.toIntExact(cells(a.length, b.length))];
    for (int i = 1; i <= a.length; i++) {
      int row = i * width;
      int previousRow = row - width;
      for (int j = 1; j <= b.length; j++) {
        if (a[i - 1] == b[j - 1]) {
          table[row + j] = table[previousRow + j - 1] + 1;
        } else {
          table[row + j] = Math.max(table[previousRow + j], table[row + j - 1]);
        }
      }
    }

    int length = table[a.length * width + b.length];
    byte[] subsequence = new byte[length];
    List<Match> matches = new ArrayList<>();
    int next = length;
    int i = a.length;
    int j = b.length;
    // The run being collected, growing backwards; aStart < 0 means none.
    int aStart = -1;
    int aEnd = 0;
    int bStart = 0;
    int bEnd = 0;
    while (i > 0 && j > 0) {
      boolean emit = false;
      if (a[i - 1] == b[j - 1]) {
        subsequence[--next] = a[i - 1];
        if (aStart < 0) {
          aStart = aEnd = i - 1;
          bStart = bEnd = j - 1;
        } else {
          // A match right after a match always continues the run backwards.
          aStart--;
          bStart--;
        }
        // At the start of either string no further match can extend the run.
        emit = aStart == 0 || bStart == 0;
        i--;
        j--;
      } else {
        if (table[(i - 1) * width + j] > table[i * width + j - 1]) {
          i--;
        } else {
          j--;
        }
        emit = aStart >= 0;
      }
      if (emit) {
        matches.add(new Match(aStart, aEnd, bStart, bEnd));
        aStart = -1;
      }
    }
    return new Result(subsequence, matches);
  }
}
