package io.redstone.storage.keys;

import java.util.Comparator;

/**
 * The partial quicksort Redis uses where only a range of the sorted result is wanted ({@code
 * pqsort}: Bentley and McIlroy's quicksort from the BSD libc, skipping the partitions that lie
 * wholly outside the range): SORT BY a pattern under a LIMIT, and GEOSEARCH/GEORADIUS when COUNT
 * keeps fewer results than they found. Only the wanted range ends up sorted. Elements that compare
 * equal (weights that tie or are missing, results at the same distance) come out in the order this
 * algorithm leaves them, which is what a client of Redis sees, so it follows Redis 7.0's steps
 * exactly, its choice of pivots included (that version has no switch to insertion sort after a
 * partition without exchanges, which the BSD original has).
 */
public final class PartialQuicksort {
  private PartialQuicksort() {}

  /** Sorts {@code a} well enough that the elements at positions {@code from..to} are in order. */
  public static <T> void sort(T[] a, Comparator<? super T> cmp, int from, int to) {
    sort(a, 0, a.length, cmp, from, to);
  }

  private static <T> void sort(T[] v, int base, int n, Comparator<? super T> cmp, int lo, int hi) {
    while (true) {
      if (n < 7) {
        insertionSort(v, base, n, cmp);
        return;
      }
      int pm = base + n / 2;
      if (n > 7) {
        int pl = base;
        int pn = base + n - 1;
        if (n > 40) {
          int d = n / 8;
          pl = median(v, pl, pl + d, pl + 2 * d, cmp);
          pm = median(v, pm - d, pm, pm + d, cmp);
          pn = median(v, pn - 2 * d, pn - d, pn, cmp);
        }
        pm = median(v, pl, pm, pn, cmp);
      }
      swap(v, base, pm);
      int pa = base + 1;
      int pb = pa;
      int pc = base + n - 1;
      int pd = pc;
      while (true) {
        int c;
        while (pb <= pc && (c = cmp.compare(v[pb], v[base])) <= 0) {
          if (c == 0) {
            swap(v, pa, pb);
            pa++;
          }
          pb++;
        }
        while (pb <= pc && (c = cmp.compare(v[pc], v[base])) >= 0) {
          if (c == 0) {
            swap(v, pc, pd);
            pd--;
          }
          pc--;
        }
        if (pb > pc) {
          break;
        }
        swap(v, pb, pc);
        pb++;
        pc--;
      }
      int end = base + n;
      int r = Math.min(pa - base, pb - pa);
      swapRun(v, base, pb - r, r);
      r = Math.min(pd - pc, end - pd - 1);
      swapRun(v, pb, end - r, r);
      r = pb - pa;
      if (r > 1 && overlaps(base, base + r - 1, lo, hi)) {
        sort(v, base, r, cmp, lo, hi);
      }
      r = pd - pc;
      if (r <= 1) {
        return;
      }
      base = end - r;
      n = r;
      if (!overlaps(base, base + r - 1, lo, hi)) {
        return;
      }
    }
  }

  private static boolean overlaps(int first, int last, int lo, int hi) {
    return !((lo < first && hi < first) || (lo > last && hi > last));
  }

  private static <T> void insertionSort(T[] v, int base, int n, Comparator<? super T> cmp) {
    for (int m = base + 1; m < base + n; m++) {
      for (int l = m; l > base && cmp.compare(v[l - 1], v[l]) > 0; l--) {
        swap(v, l, l - 1);
      }
    }
  }

  /** The median of three positions, with BSD's exact sequence of comparisons. */
  private static <T> int median(T[] v, int a, int b, int c, Comparator<? super T> cmp) {
    if (cmp.compare(v[a], v[b]) < 0) {
      if (cmp.compare(v[b], v[c]) < 0) {
        return b;
      }
      return cmp.compare(v[a], v[c]) < 0 ? c : a;
    }
    if (cmp.compare(v[b], v[c]) > 0) {
      return b;
    }
    return cmp.compare(v[a], v[c]) < 0 ? a : c;
  }

  private static <T> void swap(T[] v, int i, int j) {
    T t = v[i];
    v[i] = v[j];
    v[j] = t;
  }

  /** Exchanges the runs of {@code n} elements at {@code i} and {@code j}. */
  private static <T> void swapRun(T[] v, int i, int j, int n) {
    for (int k = 0; k < n; k++) {
      swap(v, i + k, j + k);
    }
  }
}
