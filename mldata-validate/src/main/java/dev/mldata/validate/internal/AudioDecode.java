package dev.mldata.validate.internal;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/**
 * Payload checks: the audio is decoded to PCM after the structural walk passed. FLAC's decoded
 * samples are hashed against the STREAMINFO MD5; every Vorbis packet must decode.
 */
final class AudioDecode {
  private AudioDecode() {}

  /** Decodes the whole FLAC stream and compares the MD5 of its samples with STREAMINFO's. */
  static void flacMd5(ByteBuffer b, long streamInfoAt) throws Corrupt {
    byte[] expected = new byte[16];
    b.duplicate().position((int) streamInfoAt + 18).get(expected);
    if (isZero(expected)) {
      return; // the encoder did not record an MD5
    }
    MessageDigest md5 = md5();
    int[] bitsPerSample = {0};
    FLACDecoder decoder = new FLACDecoder(new BufferInput(b));
    decoder.addPCMProcessor(
        new PCMProcessor() {
          @Override
          public void processStreamInfo(StreamInfo info) {
            bitsPerSample[0] = info.getBitsPerSample();
          }

          @Override
          public void processPCM(ByteData pcm) {
            byte[] data = pcm.getData();
            if (bitsPerSample[0] == 8) {
              // jflac hands out 8-bit audio unsigned (as WAV stores it); FLAC hashes it signed.
              data = data.clone();
              for (int i = 0; i < pcm.getLen(); i++) {
                data[i] ^= (byte) 0x80;
              }
            }
            md5.update(data, 0, pcm.getLen());
          }
        });
    try {
      decoder.decode();
    } catch (IOException | RuntimeException e) {
      throw new Corrupt("damaged: the FLAC decoder failed: " + oneLine(e), -1);
    }
    byte[] actual = md5.digest();
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new Corrupt(
          "damaged: the decoded FLAC audio does not match its STREAMINFO MD5 (expected "
              + HexFormat.of().formatHex(expected)
              + ", decoded "
              + HexFormat.of().formatHex(actual)
              + ")",
          -1);
    }
  }

  /**
   * Decodes every Vorbis packet of the first logical stream with jorbis: a packet the decoder
   * rejects is damage even when its page CRC holds, and the decoded length must reach the length
   * the last granule position declares.
   */
  static void vorbis(ByteBuffer b, long declaredFrames) throws Corrupt {
    SyncState sync = new SyncState();
    sync.init();
    int at = sync.buffer(b.limit());
    b.duplicate().position(0).get(sync.data, at, b.limit());
    sync.wrote(b.limit());
    Page page = new Page();
    Packet packet = new Packet();
    StreamState stream = null;
    int serial = 0;
    Info info = new Info();
    Comment comment = new Comment();
    info.init();
    comment.init();
    DspState dsp = null;
    Block block = null;
    int headers = 0;
    long packets = 0;
    long frames = 0;
    float[][][] pcm = new float[1][][];
    int[] index = null;
    try {
      while (sync.pageout(page) == 1) {
        if (stream == null) {
          serial = page.serialno();
          stream = new StreamState();
          stream.init(serial);
        } else if (page.serialno() != serial) {
          continue; // another logical stream (chained or multiplexed): not decoded
        }
        stream.pagein(page);
        int got;
        while ((got = stream.packetout(packet)) != 0) {
          if (got < 0) {
            throw new Corrupt("damaged: Ogg packet data missing (a gap in the stream)", -1);
          }
          packets++;
          if (headers < 3) {
            if (info.synthesis_headerin(comment, packet) < 0) {
              throw new Corrupt("damaged: Vorbis header packet " + packets + " is invalid", -1);
            }
            if (++headers == 3) {
              dsp = new DspState();
              dsp.synthesis_init(info);
              block = new Block(dsp);
              index = new int[info.channels];
            }
            continue;
          }
          if (block.synthesis(packet) != 0) {
            throw new Corrupt("damaged: Vorbis audio packet " + packets + " does not decode", -1);
          }
          dsp.synthesis_blockin(block);
          int n;
          while ((n = dsp.synthesis_pcmout(pcm, index)) > 0) {
            frames += n;
            dsp.synthesis_read(n);
          }
        }
      }
    } catch (RuntimeException e) {
      throw new Corrupt("damaged: the Vorbis decoder failed: " + oneLine(e), -1);
    }
    if (headers < 3) {
      return; // not Vorbis (Opus, FLAC in Ogg...): the page structure was all we could check
    }
    // The encoder may pad the last block; the granule position trims it.
    if (frames + 2 * 8192 < declaredFrames) {
      throw new Corrupt(
          "damaged: the Vorbis audio decodes to "
              + frames
              + " of the "
              + declaredFrames
              + " samples its last page declares",
          -1);
    }
  }

  private static String oneLine(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
  }

  private static boolean isZero(byte[] bytes) {
    for (byte x : bytes) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A mapped file read as a stream, without copying it. */
  private static final class BufferInput extends InputStream {
    private final ByteBuffer buffer;

    BufferInput(ByteBuffer source) {
      this.buffer = source.duplicate().position(0);
    }

    @Override
    public int read() {
      return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int off, int len) {
      if (!buffer.hasRemaining()) {
        return -1;
      }
      int n = Math.min(len, buffer.remaining());
      buffer.get(into, off, n);
      return n;
    }

    @Override
    public int available() {
      return buffer.remaining();
    }

    @Override
    public boolean markSupported() {
      return true;
    }

    private int mark;

    @Override
    public synchronized void mark(int limit) {
      mark = buffer.position();
    }

    @Override
    public synchronized void reset() {
      buffer.position(mark);
    }
  }
}
