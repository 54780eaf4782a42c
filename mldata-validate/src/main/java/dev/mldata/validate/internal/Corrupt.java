package dev.mldata.validate.internal;

/** Thrown by a checker: the file is corrupt, with a one-line reason and the offset, if known. */
final class Corrupt extends Exception {
  private static final long serialVersionUID = 1L;
  private final long offset;

  Corrupt(String reason, long offset) {
    super(reason, null, false, false);
    this.offset = offset;
  }

  long offset() {
    return offset;
  }
}
