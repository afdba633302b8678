package org.mydatakit.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Hostile notes: any single-byte change of a signed checkpoint is refused (typed, never another
 * exception), and random text never opens; error messages never carry the note's text.
 */
class SignedNotePropertiesTest {
  /** golang/mod sumdb's signed tree note of size 6 and its test key (see signed-note.json). */
  private static final String NOTE =
      "go.sum database tree\n6\nwc4SkQt52o5W2nQ8To2ARs+mWuUJjss+sdleoiqxMmM=\n\n"
          + "\u2014 localhost.localdev/sumdb AAAMZ6oRNswlEZ6ZZhxrCvgl1MBy+nusq4JU+TG6Fe2NihWLqOzb"
          + "+y2c2kzRLoCr4tvw9o36ucQEnhc20e4nA4Qc/wc=\n";

  private static final NoteVerifierKey KEY =
      NoteVerifierKey.parse(
          "localhost.localdev/sumdb+00000c67+AcTrnkbUA+TU4heY3hkjiSES/DSQniBqIeQ/YppAUtK6");

  @Property(tries = 300)
  void anySingleByteChangeIsRefused(
      @ForAll @IntRange(min = 0, max = 10_000) int position,
      @ForAll @IntRange(min = 1, max = 255) int delta) {
    byte[] bytes = NOTE.getBytes(StandardCharsets.UTF_8);
    int at = position % bytes.length;
    bytes[at] = (byte) (bytes[at] + delta);
    Throwable refused = catchThrowable(() -> SignedNote.open(bytes, List.of(KEY)));
    assertThat(refused)
        .as("byte %d changed by %d", at, delta)
        .isInstanceOf(InvalidNoteException.class);
    assertThat(refused.getMessage()).doesNotContain("go.sum database tree").doesNotContain("wc4Sk");
  }

  @Property(tries = 300)
  void randomTextNeverOpens(@ForAll String text) {
    Throwable refused = catchThrowable(() -> SignedNote.open(text, List.of(KEY)));
    assertThat(refused).isInstanceOf(InvalidNoteException.class);
    Throwable body = catchThrowable(() -> Checkpoint.parse(text));
    if (body != null) {
      assertThat(body).isInstanceOf(InvalidNoteException.class);
    }
  }

  @Example
  void aSignatureWithATrailingByteIsRefused() {
    // the padding '=' turned into 'A': the same signature with one zero byte after it, which the
    // JDK's Ed25519 verifier accepts when it is handed 65 bytes; found by the property above
    byte[] bytes = NOTE.getBytes(StandardCharsets.UTF_8);
    bytes[bytes.length - 2] = 'A';
    assertThat(catchThrowable(() -> SignedNote.open(bytes, List.of(KEY))))
        .isInstanceOf(InvalidNoteException.class);
  }

  @Example
  void theGenuineNoteOpensAndItsCheckpointReads() {
    SignedNote note = SignedNote.open(NOTE, List.of(KEY));
    Checkpoint checkpoint = Checkpoint.parse(note.text());
    assertThat(checkpoint.size()).isEqualTo(6);
    assertThat(checkpoint.text()).isEqualTo(note.text());
  }
}
