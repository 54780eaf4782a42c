package dev.mldata.fetch.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The sidecar {@code <target>.part.json} that lets a later run resume {@code <target>.part}: where
 * the bytes come from, the validators they were sent under, the expected size and checksum, and,
 * for a download in several ranged pieces, how far each piece got.
 *
 * @param url the URL the download started from (always re-requested; signed redirect targets are
 *     never reused)
 * @param finalUrl the URL that answered last, for information
 * @param etag the strong ETag of the bytes on disk, or null
 * @param lastModified the Last-Modified of the bytes on disk, or null
 * @param size the full size, or -1 while unknown
 * @param expected the expected checksum as {@code algorithm:hex}, or null
 * @param pieces the ranged pieces, or null for a single stream whose progress is the part file's
 *     length
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PartState(
    String url,
    String finalUrl,
    String etag,
    String lastModified,
    long size,
    String expected,
    List<Piece> pieces) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * One ranged piece: bytes {@code start..end} inclusive, of which the first {@code done} are on
   * disk.
   */
  record Piece(long start, long end, long done) {
    boolean complete() {
      return start + done > end;
    }
  }

  static PartState fresh(String url, String expected) {
    return new PartState(url, null, null, null, -1, expected, null);
  }

  PartState withValidators(
      String newFinalUrl, String newEtag, String newLastModified, long newSize) {
    return new PartState(url, newFinalUrl, newEtag, newLastModified, newSize, expected, pieces);
  }

  PartState withPieces(List<Piece> newPieces) {
    return new PartState(url, finalUrl, etag, lastModified, size, expected, newPieces);
  }

  PartState withExpected(String newExpected) {
    return new PartState(url, finalUrl, etag, lastModified, size, newExpected, pieces);
  }

  /** The If-Range value: the strong ETag, else Last-Modified, else null. */
  String validator() {
    return etag != null ? etag : lastModified;
  }

  /** Bytes on disk according to the pieces. */
  long piecesDone() {
    return pieces.stream().mapToLong(Piece::done).sum();
  }

  void save(Path sidecar) throws IOException {
    AtomicFiles.write(sidecar, JSON.writeValueAsBytes(this));
  }

  /** Loads the sidecar, or null when it is missing or unreadable. */
  static PartState load(Path sidecar) {
    if (!Files.isRegularFile(sidecar)) {
      return null;
    }
    try {
      return JSON.readValue(sidecar.toFile(), PartState.class);
    } catch (IOException e) {
      return null;
    }
  }
}
