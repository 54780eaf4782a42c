package dev.mldata.validate.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Small helpers over a read-only file buffer. */
final class Bytes {
  private Bytes() {}

  static int u8(ByteBuffer b, long at) {
    return b.get((int) at) & 0xff;
  }

  static int u16be(ByteBuffer b, long at) {
    return (u8(b, at) << 8) | u8(b, at + 1);
  }

  static int u16le(ByteBuffer b, long at) {
    return u8(b, at) | (u8(b, at + 1) << 8);
  }

  static long u32be(ByteBuffer b, long at) {
    return ((long) u16be(b, at) << 16) | u16be(b, at + 2);
  }

  static long u32le(ByteBuffer b, long at) {
    return b.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt((int) at) & 0xffffffffL;
  }

  static boolean startsWith(ByteBuffer b, String ascii) {
    if (b.limit() < ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b.get(i) != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Rejects a file whose bytes after {@code end} (where its structure ends, after {@code what}) are
   * all zeros: the mark of a preallocated file that was never fully written.
   */
  static void rejectZerosAfter(ByteBuffer b, long end, String what) throws Corrupt {
    long len = b.limit();
    if (end < len) {
      long tail = zeroTail(b, 1);
      if (tail >= 0 && tail <= end) {
        throw new Corrupt(
            "zero-filled tail: " + (len - end) + " zero bytes after " + what + " at byte " + end,
            end);
      }
    }
  }

  /** The offset where a run of zero bytes reaching the end of the file starts, or -1. */
  static long zeroTail(ByteBuffer b, int minimum) {
    int end = b.limit();
    int i = end;
    while (i > 0 && b.get(i - 1) == 0) {
      i--;
    }
    return end - i >= minimum ? i : -1;
  }
}
