package dev.mldata.fetch.internal;

import dev.mldata.core.Digests;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Downloads one file over several ranged connections into the same {@code .part} file. Each piece's
 * progress is written to the sidecar every {@link #PERSIST_EVERY} bytes, so a run that is killed
 * loses at most that much per piece. Each piece retries on its own; a piece that finds upstream
 * changed stops them all and the transfer starts over.
 */
final class PieceDownload {
  /** The first request of a parallel download asks for this much, to learn size and validators. */
  static final long PROBE = 8L << 20;

  static final long MIN_PIECE = 8L << 20;
  static final long PERSIST_EVERY = 1L << 20;

  private final Transfer transfer;
  private final List<PartState.Piece> pieces;
  private final AtomicLongArray done;
  private final AtomicLongArray saved;
  private final Set<HttpTransport.Response> open = ConcurrentHashMap.newKeySet();
  private volatile boolean stopped;

  PieceDownload(Transfer transfer) {
    this.transfer = transfer;
    this.pieces = transfer.state().pieces();
    this.done = new AtomicLongArray(pieces.size());
    this.saved = new AtomicLongArray(pieces.size());
    for (int i = 0; i < pieces.size(); i++) {
      done.set(i, pieces.get(i).done());
      saved.set(i, pieces.get(i).done());
    }
  }

  /**
   * Splits a file whose bytes {@code 0..firstEnd} are being fetched by an open request that has
   * delivered {@code firstDone} of them: that request is piece 0, the rest is shared evenly by
   * {@code connections} pieces of at least {@link #MIN_PIECE}.
   */
  static List<PartState.Piece> plan(long firstEnd, long firstDone, long total, int connections) {
    long probeEnd = firstEnd;
    List<PartState.Piece> plan = new ArrayList<>();
    plan.add(new PartState.Piece(0, probeEnd, firstDone));
    long rest = total - probeEnd - 1;
    int n = (int) Math.max(1, Math.min(connections, rest / MIN_PIECE));
    long start = probeEnd + 1;
    for (int i = 0; i < n; i++) {
      long end = i == n - 1 ? total - 1 : start + rest / n - 1;
      plan.add(new PartState.Piece(start, end, 0));
      start = end + 1;
    }
    return plan;
  }

  /** Downloads every incomplete piece; {@code probe} is the open response for piece 0, if any. */
  Digests run(HttpTransport.Response probe)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    int threads = Math.max(1, Math.min(transfer.connections(), pieces.size()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, PieceDownload::thread);
    try (FileChannel channel =
        FileChannel.open(transfer.part(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      List<Future<Void>> futures = new ArrayList<>();
      for (int i = 0; i < pieces.size(); i++) {
        int index = i;
        HttpTransport.Response first = i == 0 ? probe : null;
        if (!complete(i)) {
          futures.add(
              pool.submit(
                  () -> {
                    piece(index, first, channel);
                    return null;
                  }));
        } else if (first != null) {
          transfer.close(first);
        }
      }
      awaitAll(futures);
    } finally {
      pool.shutdownNow();
      transfer.state(transfer.state().withPieces(snapshot()));
      save();
    }
    return transfer.hashPart();
  }

  private void awaitAll(List<Future<Void>> futures)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    Throwable failure = null;
    for (Future<Void> future : futures) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
          stopped = true;
          open.forEach(HttpTransport.Response::abort);
        }
      } catch (java.lang.InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
        open.forEach(HttpTransport.Response::abort);
        transfer.checkCancelled();
      }
    }
    if (failure instanceof TransferFailure.Retry f) {
      throw f;
    }
    if (failure instanceof TransferFailure.Restart f) {
      throw f;
    }
    if (failure instanceof FetchException f) {
      throw f;
    }
    if (failure instanceof IOException f) {
      throw f;
    }
    if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  private void piece(int i, HttpTransport.Response first, FileChannel channel)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    PartState.Piece piece = pieces.get(i);
    int failures = 0;
    HttpTransport.Response pending = first;
    while (!complete(i) && !stopped) {
      long from = piece.start() + done.get(i);
      long before = done.get(i);
      HttpTransport.Response response =
          pending != null
              ? pending
              : transfer.openPiece(
                  Map.of(
                      "Accept-Encoding",
                      "identity",
                      "Range",
                      "bytes=" + from + "-" + piece.end(),
                      "If-Range",
                      transfer.state().validator()));
      boolean continuing = pending != null;
      pending = null;
      open.add(response);
      try {
        if (!continuing) {
          if (response.status() == 200) {
            throw new TransferFailure.Restart(
                "upstream changed, or stopped honouring ranges, during a parallel download;"
                    + " starting over");
          }
          if (response.status() != 206) {
            throw transfer.statusFailure(response);
          }
          transfer.checkRange(response, from);
        }
        copy(response, i, channel);
      } catch (TransferFailure.Retry e) {
        transfer.checkCancelled();
        if (stopped) {
          return;
        }
        failures = done.get(i) > before ? 1 : failures + 1;
        if (failures > transfer.config().retries()) {
          throw e;
        }
        Duration delay =
            e.retryAfter() != null ? e.retryAfter() : transfer.retry().backoff(failures);
        sleep(delay);
      } finally {
        open.remove(response);
        transfer.close(response);
      }
    }
  }

  private void copy(HttpTransport.Response response, int i, FileChannel channel)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    PartState.Piece piece = pieces.get(i);
    byte[] buffer = new byte[Transfer.BUFFER];
    try {
      InputStream in = response.body();
      while (!complete(i)) {
        long left = piece.end() - piece.start() - done.get(i) + 1;
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new TransferFailure.Retry("connection closed early in piece " + i, null, null);
        }
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
        long position = piece.start() + done.get(i);
        while (bytes.hasRemaining()) {
          position += channel.write(bytes, position);
        }
        long now = done.addAndGet(i, n);
        if (now - saved.get(i) >= PERSIST_EVERY) {
          saved.set(i, now);
          save();
        }
        transfer.meter().advance(total(), n);
      }
      in.read();
    } catch (IOException e) {
      transfer.checkCancelled();
      throw new TransferFailure.Retry(Transfer.describe(e, piece.start() + done.get(i)), e, null);
    }
  }

  private boolean complete(int i) {
    PartState.Piece p = pieces.get(i);
    return p.start() + done.get(i) > p.end();
  }

  private long total() {
    long sum = 0;
    for (int i = 0; i < done.length(); i++) {
      sum += done.get(i);
    }
    return sum;
  }

  private List<PartState.Piece> snapshot() {
    List<PartState.Piece> now = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      PartState.Piece p = pieces.get(i);
      now.add(new PartState.Piece(p.start(), p.end(), done.get(i)));
    }
    return now;
  }

  private synchronized void save() throws IOException {
    transfer.state().withPieces(snapshot()).save(transfer.sidecar());
  }

  private void sleep(Duration delay) throws FetchException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (java.lang.InterruptedException e) {
      Thread.currentThread().interrupt();
      transfer.checkCancelled();
    }
  }

  private static Thread thread(Runnable r) {
    Thread t = new Thread(r, "mldata-piece");
    t.setDaemon(true);
    return t;
  }
}
