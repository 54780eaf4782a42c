package dev.mldata.validate.internal;

import java.nio.ByteBuffer;

/**
 * Walks the entropy-coded data of sequential Huffman JPEGs (SOF0/SOF1, 8-bit) block by block: every
 * Huffman code must exist in its table, coefficient sizes must be in range, AC runs must stay
 * inside the 64 coefficients of a block, restart markers must come in order, and the scan must hold
 * exactly the blocks the frame declares. A burst of garbage in the scan breaks one of these almost
 * always, even where a lenient decoder paints it as noise without a warning. Progressive and
 * arithmetic-coded JPEGs are left to the decoder.
 */
final class JpegScan {
  private final ByteBuffer b;
  private final int[][][] tables = new int[2][4][]; // [class][id] -> lookup
  private final int[][] quant = new int[4][]; // zigzag order
  private int[] tq = new int[0];
  private int width;
  private int height;
  private int[] ids = new int[0];
  private int[] h = new int[0];
  private int[] v = new int[0];
  private int restartInterval;
  private boolean sequential;

  // bit reader
  private int pos;
  private int bits;
  private int count;
  private int marker = -1;

  private JpegScan(ByteBuffer b) {
    this.b = b;
  }

  /** Checks every scan of a sequential Huffman JPEG; does nothing for other kinds. */
  static void check(ByteBuffer b) throws Corrupt {
    new JpegScan(b).run();
  }

  private void run() throws Corrupt {
    int len = b.limit();
    int p = 2;
    while (p + 4 <= len) {
      if ((b.get(p) & 0xff) != 0xff) {
        return; // the structural walk has judged the layout already
      }
      int m = b.get(p + 1) & 0xff;
      if (m == 0xff) {
        p++;
        continue;
      }
      if (m == 0xd9) {
        return;
      }
      if (m == 0x01 || (m >= 0xd0 && m <= 0xd7)) {
        p += 2;
        continue;
      }
      int segment = Bytes.u16be(b, p + 2);
      int start = p + 4;
      int end = p + 2 + segment;
      if (m == 0xc0 || m == 0xc1) {
        sof(start);
      } else if (m >= 0xc2 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
        return; // progressive, lossless or arithmetic: not walked here
      } else if (m == 0xc4) {
        dht(start, end);
      } else if (m == 0xdb) {
        dqt(start, end);
      } else if (m == 0xdd) {
        restartInterval = Bytes.u16be(b, start);
      } else if (m == 0xda) {
        if (!sequential) {
          return;
        }
        p = scan(start, end);
        continue;
      }
      p = end;
    }
  }

  private void sof(int at) {
    int precision = b.get(at) & 0xff;
    height = Bytes.u16be(b, at + 1);
    width = Bytes.u16be(b, at + 3);
    int n = b.get(at + 5) & 0xff;
    ids = new int[n];
    h = new int[n];
    v = new int[n];
    tq = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = b.get(at + 6 + 3 * i) & 0xff;
      h[i] = (b.get(at + 7 + 3 * i) & 0xff) >> 4;
      v[i] = b.get(at + 7 + 3 * i) & 0x0f;
      tq[i] = (b.get(at + 8 + 3 * i) & 0xff) & 3;
    }
    sequential = precision == 8 && height > 0 && n > 0;
    for (int i = 0; i < n; i++) {
      sequential &= h[i] >= 1 && h[i] <= 4 && v[i] >= 1 && v[i] <= 4;
    }
  }

  /** Quantization tables (8- or 16-bit entries, zigzag order). */
  private void dqt(int at, int end) {
    int p = at;
    while (p < end) {
      int pq = (b.get(p) & 0xff) >> 4;
      int id = b.get(p) & 3;
      int[] q = new int[64];
      for (int k = 0; k < 64 && p + 1 + (pq + 1) * k < end; k++) {
        q[k] = pq == 0 ? b.get(p + 1 + k) & 0xff : Bytes.u16be(b, p + 1 + 2 * k);
      }
      quant[id] = q;
      p += 1 + 64 * (pq + 1);
    }
  }

  /**
   * A Huffman table as a lookup: for code length L (1..16) the first code, the last code and the
   * index of its first symbol, followed by the symbols.
   */
  private void dht(int at, int end) throws Corrupt {
    int p = at;
    while (p < end) {
      int tc = (b.get(p) & 0xff) >> 4;
      int th = b.get(p) & 0x0f;
      if (tc > 1 || th > 3 || p + 17 > end) {
        throw new Corrupt("damaged: JPEG Huffman table at byte " + p + " is invalid", p);
      }
      int[] counts = new int[17];
      int total = 0;
      for (int l = 1; l <= 16; l++) {
        counts[l] = b.get(p + l) & 0xff;
        total += counts[l];
      }
      if (p + 17 + total > end) {
        throw new Corrupt("damaged: JPEG Huffman table at byte " + p + " overruns its segment", p);
      }
      int[] t = new int[17 * 3 + total];
      int code = 0;
      int k = 0;
      for (int l = 1; l <= 16; l++) {
        t[3 * l - 3] = code; // first code of this length
        t[3 * l - 2] = code + counts[l] - 1; // last code (first - 1 when none)
        t[3 * l - 1] = k; // index of the first symbol
        code = (code + counts[l]) << 1;
        k += counts[l];
      }
      for (int i = 0; i < total; i++) {
        t[51 + i] = b.get(p + 17 + i) & 0xff;
      }
      tables[tc][th] = t;
      p += 17 + total;
    }
  }

  /** Decodes one scan; returns the offset of the marker that ends it. */
  private int scan(int at, int end) throws Corrupt {
    int n = b.get(at) & 0xff;
    int[] comp = new int[n];
    int[][] q = new int[n][];
    int[] pred = new int[n];
    int[][] dc = new int[n][];
    int[][] ac = new int[n][];
    for (int i = 0; i < n; i++) {
      int id = b.get(at + 1 + 2 * i) & 0xff;
      int which = -1;
      for (int c = 0; c < ids.length; c++) {
        if (ids[c] == id) {
          which = c;
        }
      }
      int sel = b.get(at + 2 + 2 * i) & 0xff;
      if (which < 0 || tables[0][sel >> 4] == null || tables[1][sel & 15] == null) {
        throw new Corrupt("damaged: JPEG scan at byte " + at + " names a missing table", at);
      }
      comp[i] = which;
      q[i] = quant[tq[which]];
      dc[i] = tables[0][sel >> 4];
      ac[i] = tables[1][sel & 15];
    }
    int hmax = 1;
    int vmax = 1;
    for (int c = 0; c < ids.length; c++) {
      hmax = Math.max(hmax, h[c]);
      vmax = Math.max(vmax, v[c]);
    }
    long mcus;
    int[] blocksPerMcu;
    if (n == 1) {
      int c = comp[0];
      long cw = (long) Math.ceil(width * (double) h[c] / hmax);
      long ch = (long) Math.ceil(height * (double) v[c] / vmax);
      mcus = ((cw + 7) / 8) * ((ch + 7) / 8);
      blocksPerMcu = new int[] {1};
    } else {
      mcus =
          (long) ((width + 8L * hmax - 1) / (8L * hmax)) * ((height + 8L * vmax - 1) / (8L * vmax));
      blocksPerMcu = new int[n];
      for (int i = 0; i < n; i++) {
        blocksPerMcu[i] = h[comp[i]] * v[comp[i]];
      }
    }
    pos = end;
    bits = 0;
    count = 0;
    marker = -1;
    int expectedRst = 0;
    for (long m = 0; m < mcus; m++) {
      if (restartInterval > 0 && m > 0 && m % restartInterval == 0) {
        restart(expectedRst);
        expectedRst = (expectedRst + 1) & 7;
        java.util.Arrays.fill(pred, 0);
      }
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < blocksPerMcu[i]; k++) {
          pred[i] = block(dc[i], ac[i], q[i], pred[i], m);
        }
      }
    }
    // Whole bytes left before the next marker are data the frame has no room for.
    int left = 0;
    while (marker < 0 && pos < b.limit()) {
      int x = b.get(pos) & 0xff;
      if (x == 0xff) {
        int next = pos + 1 < b.limit() ? b.get(pos + 1) & 0xff : -1;
        if (next == 0x00) {
          left++;
          pos += 2;
          continue;
        }
        if (next == 0xff) {
          pos++;
          continue;
        }
        break;
      }
      left++;
      pos++;
    }
    if (left > 1) {
      throw new Corrupt(
          "damaged: "
              + left
              + " bytes of JPEG scan data after the last block the frame holds (ends at byte "
              + pos
              + ")",
          pos);
    }
    return marker >= 0 ? markerAt : pos;
  }

  private int markerAt;

  private void restart(int expected) throws Corrupt {
    bits = 0;
    count = 0;
    if (marker < 0) {
      // skip the fill bits up to the marker
      while (pos + 1 < b.limit() && (b.get(pos) & 0xff) != 0xff) {
        pos++;
      }
      if (pos + 1 >= b.limit()) {
        throw new Corrupt("truncated: JPEG scan ends before its restart marker", pos);
      }
      while ((b.get(pos + 1) & 0xff) == 0xff) {
        pos++;
      }
      marker = b.get(pos + 1) & 0xff;
      markerAt = pos;
      pos += 2;
    }
    if (marker != 0xd0 + expected) {
      throw new Corrupt(
          "damaged: JPEG restart marker RST"
              + expected
              + " expected at byte "
              + markerAt
              + ", found 0x"
              + Integer.toHexString(0xff00 | marker),
          markerAt);
    }
    marker = -1;
  }

  /**
   * Walks one block; returns the new DC predictor. Dequantized coefficients of 8-bit samples stay
   * within about ±1024 (DC) and ±2048 (AC): a value far outside can only come from damaged data.
   */
  private int block(int[] dc, int[] ac, int[] q, int pred, long mcu) throws Corrupt {
    int s = decode(dc, mcu);
    if (s > 11) {
      throw damage("a DC difference of " + s + " bits", mcu);
    }
    int value = pred + extend(receive(s, mcu), s);
    if (q != null && Math.abs((long) value * q[0]) > 1024L + q[0]) {
      throw damage("a DC value of " + value + " x " + q[0] + ", outside 8-bit range", mcu);
    }
    for (int k = 1; k < 64; ) {
      int rs = decode(ac, mcu);
      int r = rs >> 4;
      int size = rs & 15;
      if (size == 0) {
        if (r == 15) {
          k += 16;
          continue;
        }
        return value; // end of block
      }
      k += r;
      if (k > 63) {
        throw damage("AC coefficients past the 64 of a block", mcu);
      }
      if (size > 10) {
        throw damage("an AC coefficient of " + size + " bits", mcu);
      }
      int coef = extend(receive(size, mcu), size);
      if (q != null && Math.abs((long) coef * q[k]) > 2048L + q[k]) {
        throw damage("an AC value of " + coef + " x " + q[k] + ", outside 8-bit range", mcu);
      }
      k++;
    }
    return value;
  }

  private static int extend(int v, int s) {
    return s == 0 ? 0 : v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
  }

  private Corrupt damage(String what, long mcu) {
    return new Corrupt(
        "damaged: JPEG scan data breaks at byte " + pos + " (" + what + " in MCU " + mcu + ")",
        pos);
  }

  private int decode(int[] t, long mcu) throws Corrupt {
    int code = 0;
    for (int l = 1; l <= 16; l++) {
      code = (code << 1) | bit(mcu);
      if (code <= t[3 * l - 2] && code >= t[3 * l - 3]) {
        return t[51 + t[3 * l - 1] + code - t[3 * l - 3]];
      }
    }
    throw damage("a Huffman code that is in no table", mcu);
  }

  private int receive(int n, long mcu) throws Corrupt {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 1) | bit(mcu);
    }
    return v;
  }

  private int bit(long mcu) throws Corrupt {
    if (count == 0) {
      if (marker >= 0 || pos >= b.limit()) {
        throw new Corrupt(
            "truncated: JPEG scan data ends at byte "
                + pos
                + " inside MCU "
                + mcu
                + " of the frame",
            pos);
      }
      int x = b.get(pos) & 0xff;
      if (x == 0xff) {
        int next = pos + 1 < b.limit() ? b.get(pos + 1) & 0xff : -1;
        if (next == 0x00) {
          pos += 2;
        } else if (next == 0xff) {
          pos++;
          return bit(mcu);
        } else {
          marker = next;
          markerAt = pos;
          pos += 2;
          throw new Corrupt(
              "damaged: JPEG scan data hits marker 0x"
                  + Integer.toHexString(0xff00 | next)
                  + " at byte "
                  + markerAt
                  + " inside MCU "
                  + mcu,
              markerAt);
        }
      } else {
        pos++;
      }
      bits = x;
      count = 8;
    }
    count--;
    return (bits >> count) & 1;
  }
}
