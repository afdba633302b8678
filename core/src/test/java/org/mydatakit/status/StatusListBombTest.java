package org.mydatakit.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.mydatakit.internal.Base64Url;
import org.mydatakit.status.StatusListException.Reason;

/** A hostile list is a decompression bomb: it is refused at the cap, not after inflating it all. */
class StatusListBombTest {
  private static final long BOMB_SIZE = 64L << 20;
  private static final byte[] BOMB = zeros(BOMB_SIZE);

  /** A zlib stream of {@code size} zero bytes, compressed in steps (about 64 KiB per 64 MiB). */
  static byte[] zeros(long size) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
    byte[] chunk = new byte[1 << 20];
    byte[] buffer = new byte[1 << 16];
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (long fed = 0; fed < size; fed += chunk.length) {
      deflater.setInput(chunk);
      while (!deflater.needsInput()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    }
    deflater.finish();
    while (!deflater.finished()) {
      out.write(buffer, 0, deflater.deflate(buffer));
    }
    deflater.end();
    return out.toByteArray();
  }

  @Test
  void bombIsRejectedWithTooLargeUnderTheDefaultCap() {
    assertThat(BOMB.length).isLessThan(1 << 20);
    StatusListException e =
        catchThrowableOfType(
            StatusListException.class,
            () -> StatusList.decode(BOMB, 2, StatusList.DEFAULT_MAX_INFLATED_BYTES));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void bombDoesNotAllocatePastTheCap() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long cap = 1L << 20;
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    StatusListException e =
        catchThrowableOfType(StatusListException.class, () -> StatusList.decode(BOMB, 2, cap));
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    // Output buffers grow geometrically up to cap + 1 byte: about twice the cap in all, far below
    // the 64 MiB the bomb inflates to.
    assertThat(allocated).isLessThan(4 * cap);
  }

  @Test
  void signedBombIsRejectedWithTooLargeByTheVerifier() {
    StatusFixture f = new StatusFixture();
    String token =
        StatusFixture.token(
            c -> ((ObjectNode) c.get("status_list")).put("lst", Base64Url.encode(BOMB)));
    StatusListException e =
        catchThrowableOfType(
            StatusListException.class, () -> f.verifier().verify(token, StatusFixture.URI_1));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }

  @Test
  void listExactlyAtTheCapIsAccepted() throws Exception {
    StatusList list = StatusList.builder(4096).set(4095, TokenStatus.INVALID).build();
    assertThat(StatusList.decode(list.encode(), 2, 1024).get(4095)).isEqualTo(TokenStatus.INVALID);
    StatusListException e =
        catchThrowableOfType(
            StatusListException.class, () -> StatusList.decode(list.encode(), 2, 1023));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
  }
}
