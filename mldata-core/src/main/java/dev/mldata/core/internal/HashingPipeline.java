package dev.mldata.core.internal;

import dev.mldata.core.Digests;
import dev.mldata.core.Hasher;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hashes bytes on a second thread while the caller goes on reading and writing, so that a transfer
 * costs max(I/O, hashing) instead of their sum. The caller takes a buffer with {@link #buffer()},
 * fills and writes it, hands it over with {@link #submit}, and never touches it again; {@link
 * #finish()} waits for the hashing thread and returns the digests. {@link #inline} does the same
 * work on the caller's thread, for small inputs where a thread costs more than it saves. Not
 * thread-safe: one producer.
 */
public final class HashingPipeline implements AutoCloseable {
  private static final int BUFFERS = 8;
  private static final Chunk END = new Chunk(new byte[0], 0);

  private final Hasher hasher;
  private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
  private final Thread worker;
  private final byte[] single;
  private volatile RuntimeException failure;
  private boolean finished;

  private record Chunk(byte[] bytes, int length) {}

  private HashingPipeline(Hasher hasher, int bufferSize, boolean threaded) {
    this.hasher = hasher;
    if (threaded) {
      for (int i = 0; i < BUFFERS; i++) {
        free.add(new byte[bufferSize]);
      }
      this.single = null;
      this.worker = new Thread(this::work, "mldata-hash");
      worker.setDaemon(true);
      worker.start();
    } else {
      this.single = new byte[bufferSize];
      this.worker = null;
    }
  }

  /** A pipeline that hashes on its own thread, with buffers of {@code bufferSize} bytes. */
  public static HashingPipeline threaded(Hasher hasher, int bufferSize) {
    return new HashingPipeline(hasher, bufferSize, true);
  }

  /** A pipeline that hashes on the caller's thread, with one buffer of {@code bufferSize}. */
  public static HashingPipeline inline(Hasher hasher, int bufferSize) {
    return new HashingPipeline(hasher, bufferSize, false);
  }

  /** A free buffer to fill; blocks while the hashing thread is behind. */
  public byte[] buffer() throws InterruptedException {
    return single != null ? single : free.take();
  }

  /** Hands {@code length} bytes of {@code buffer} to the hashing thread. */
  public void submit(byte[] buffer, int length) throws InterruptedException {
    if (single != null) {
      hasher.update(buffer, 0, length);
    } else {
      full.put(new Chunk(buffer, length));
    }
  }

  /** Returns an unused buffer. */
  public void recycle(byte[] buffer) {
    if (single == null) {
      free.offer(buffer);
    }
  }

  /** Waits until every submitted byte is hashed; returns the digests. */
  public Digests finish() throws InterruptedException {
    finished = true;
    if (worker == null) {
      return hasher.digests();
    }
    full.put(END);
    worker.join();
    if (failure != null) {
      throw failure;
    }
    return hasher.digests();
  }

  private void work() {
    try {
      for (Chunk c; (c = full.take()) != END; ) {
        hasher.update(c.bytes(), 0, c.length());
        free.put(c.bytes());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  /** Stops the hashing thread if {@link #finish()} was not reached. */
  @Override
  public void close() {
    if (!finished && worker != null) {
      worker.interrupt();
    }
  }
}
