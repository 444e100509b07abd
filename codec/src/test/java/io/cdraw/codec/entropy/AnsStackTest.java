package io.cdraw.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests of the rANS stack on seeded random tables: pops undo pushes in reverse order,
 * the size stays within a few words of the ideal −Σ log2(f / 2^P), a stack survives its bytes,
 * and popping from the supply and pushing back restores an empty stack (bits back).
 */
class AnsStackTest {
  @Test
  void popsUndoPushesWithinTwoWordsOfTheIdealLength() {
    long seed = 20261203;
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      int length = trial % 10 == 0 ? random.nextInt(3) : random.nextInt(5000);
      int[][] tables = new int[length][];
      int[] symbols = new int[length];
      double ideal = 0;
      AnsStack stack = new AnsStack();
      for (int i = 0; i < length; i++) {
        int precision = 2 + random.nextInt(AnsStack.MAX_PRECISION_BITS - 1);
        tables[i] = randomTable(random, precision);
        symbols[i] = sample(random, tables[i]);
        int f = tables[i][symbols[i] + 1] - tables[i][symbols[i]];
        ideal += precision - Math.log(f) / Math.log(2);
        stack.push(cdf(tables[i], precision), symbols[i]);
      }
      assertEquals(0, stack.borrowedWords());
      // the initial state holds 62 bits; the final one up to 32 that no symbol filled
      assertTrue(stack.bits() <= ideal + 64 + 32 + 1e-6 * length,
          "trial " + trial + ": " + stack.bits() + " bits for ideal " + ideal);
      AnsStack back = AnsStack.fromBytes(stack.toBytes(), 0, stack.toBytes().length, 0);
      for (int i = length - 1; i >= 0; i--) {
        int precision = 32 - Integer.numberOfLeadingZeros(tables[i][tables[i].length - 1]) - 1;
        assertEquals(symbols[i], back.pop(cdf(tables[i], precision)), "trial " + trial + " i " + i);
      }
      assertTrue(back.isInitial(), "trial " + trial);
    }
  }

  @Test
  void bitsPoppedFromTheSupplyAreGivenBackByPushingThem() {
    Random random = new Random(7);
    AnsStack stack = new AnsStack();
    int[] table = randomTable(random, 16);
    int[] popped = new int[3000];
    for (int i = 0; i < popped.length; i++) {
      popped[i] = stack.pop(cdf(table, 16));
    }
    assertTrue(stack.borrowedWords() > 100, stack.borrowedWords() + " words borrowed");
    assertTrue(stack.bits() == 64, "nothing stored yet");
    int distinct = (int) java.util.Arrays.stream(popped).distinct().count();
    assertTrue(distinct > 3, "pops from the supply look random: " + distinct + " symbols");
    byte[] bytes = stack.toBytes();
    long borrowed = stack.borrowedWords();
    AnsStack reread = AnsStack.fromBytes(bytes, 0, bytes.length, borrowed);
    for (int i = popped.length - 1; i >= 0; i--) {
      reread.push(cdf(table, 16), popped[i]);
    }
    assertTrue(reread.isInitial(), "every borrowed word back in place");
    reread.pushUniform(5, 3);
    assertFalse(reread.isInitial());
  }

  @Test
  void uniformValuesAndBytesRoundTrip() {
    AnsStack stack = new AnsStack();
    for (int v = 0; v < 1000; v++) {
      stack.pushUniform(v * 7919 & 0xFFFFFF, 24);
    }
    byte[] bytes = stack.toBytes();
    assertEquals(stack.bits(), 8L * bytes.length);
    byte[] padded = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    AnsStack back = AnsStack.fromBytes(padded, 3, bytes.length, 0);
    for (int v = 999; v >= 0; v--) {
      assertEquals(v * 7919 & 0xFFFFFF, back.popUniform(24));
    }
    assertTrue(back.isInitial());
    assertArrayEquals(new AnsStack().toBytes(), back.toBytes());
  }

  @Test
  void malformedStacksAndSymbolsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> AnsStack.fromBytes(new byte[10], 0, 10, 0));
    assertThrows(IllegalArgumentException.class, () -> AnsStack.fromBytes(new byte[8], 0, 8, 0),
        "a state below 2^31");
    AnsStack stack = new AnsStack();
    assertThrows(IllegalArgumentException.class, () -> stack.push(0, 16, 4), "all the mass");
    assertThrows(IllegalArgumentException.class, () -> stack.push(10, 7, 4));
    assertThrows(IllegalArgumentException.class, () -> stack.push(0, 1, 25));
    int slot = stack.peek(8);
    assertThrows(IllegalStateException.class, () -> stack.pop((slot + 1) % 256, 1, 8),
        "a symbol that does not hold the slot on top");
  }

  static QuantisedCdf cdf(int[] cumulative, int precision) {
    return new QuantisedCdf() {
      @Override
      public int symbols() {
        return cumulative.length - 1;
      }

      @Override
      public int precision() {
        return precision;
      }

      @Override
      public int cumulative(int symbol) {
        return cumulative[symbol];
      }
    };
  }

  /** 2 … 300 symbols, skewed or flat, each at least 1 of 2^precision. */
  static int[] randomTable(Random random, int precision) {
    int total = 1 << precision;
    int n = Math.min(total, 2 + random.nextInt(299));
    double[] w = new double[n];
    double sum = 0;
    boolean skewed = random.nextBoolean();
    for (int i = 0; i < n; i++) {
      w[i] = skewed ? Math.pow(random.nextDouble(), 8) : 0.5 + random.nextDouble();
      sum += w[i];
    }
    int[] c = new int[n + 1];
    int spare = total - n;
    for (int i = 0; i < n; i++) {
      c[i + 1] = c[i] + 1 + (int) (w[i] / sum * spare);
    }
    c[n] = total;
    return c;
  }

  static int sample(Random random, int[] cumulative) {
    int v = random.nextInt(cumulative[cumulative.length - 1]);
    int s = 0;
    while (cumulative[s + 1] <= v) {
      s++;
    }
    return s;
  }
}
