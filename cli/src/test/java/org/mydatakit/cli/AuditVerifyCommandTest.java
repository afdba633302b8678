package org.mydatakit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mydatakit.audit.AuditCheckpoint;
import org.mydatakit.audit.AuditEntry;
import org.mydatakit.audit.AuditEvent;
import org.mydatakit.audit.AuditEventType;
import org.mydatakit.audit.AuditJson;
import org.mydatakit.consent.ConsentId;
import org.mydatakit.keys.SigningAlgorithm;
import org.mydatakit.keys.SigningKeySet;

class AuditVerifyCommandTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final String ISS = "https://broker.example";

  @TempDir Path tmp;

  @Test
  void anIntactExportIsOk() throws IOException {
    Cli.Result result = Cli.run("audit", "verify", write(lines(300)).toString());
    assertThat(result.out()).isEqualTo("OK 300 entries\n");
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
  }

  @Test
  void anAlteredEntryIsBrokenAtItsSequence() throws IOException {
    List<String> lines = lines(100);
    lines.set(41, lines.get(41).replace("\"tx-42\"", "\"tx-41\""));
    Cli.Result result = Cli.run("audit", "verify", write(lines).toString());
    assertThat(result.out()).isEqualTo("BROKEN at 42: hash does not match the entry's content\n");
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void aDeletedEntryIsBrokenAtItsSequence() throws IOException {
    List<String> lines = lines(100);
    lines.remove(41);
    Cli.Result result = Cli.run("audit", "verify", write(lines).toString());
    assertThat(result.out()).isEqualTo("BROKEN at 42: expected sequence 42, got 43\n");
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void anUnreadableLineIsBrokenAfterTheLastGoodEntry() throws IOException {
    List<String> lines = lines(100);
    lines.set(9, lines.get(9).replace("\"hash\"", "\"secret\":\"S3CR3T\",\"hash\""));
    Cli.Result result = Cli.run("audit", "verify", write(lines).toString());
    assertThat(result.out()).isEqualTo("BROKEN at 10: unreadable entry\n");
    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .contains("audit line, sequence 10: unknown field 'secret'")
        .doesNotContain("S3CR3T");
  }

  @Test
  void invalidUtf8IsAnUnreadableEntry() throws IOException {
    Path file = write(lines(3));
    byte[] bytes = Files.readAllBytes(file);
    byte[] bad = new byte[bytes.length + 2];
    System.arraycopy(bytes, 0, bad, 0, bytes.length);
    bad[bytes.length] = (byte) 0xC3;
    bad[bytes.length + 1] = (byte) 0x28;
    Files.write(file, bad);
    Cli.Result result = Cli.run("audit", "verify", file.toString());
    assertThat(result.out()).isEqualTo("BROKEN at 4: unreadable entry\n");
    assertThat(result.exitCode()).isEqualTo(3);
  }

  @Test
  void aMissingFileIsAUsageError() {
    Cli.Result result = Cli.run("audit", "verify", tmp.resolve("absent.jsonl").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("expected FILE to be a readable audit export")
        .contains("--help");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void helpDescribesTheCommands() {
    Cli.Result audit = Cli.run("audit", "--help");
    assertThat(audit.exitCode()).isZero();
    assertThat(audit.out()).contains("Usage: mydatakit audit").contains("verify");
    Cli.Result verify = Cli.run("audit", "verify", "--help");
    assertThat(verify.exitCode()).isZero();
    assertThat(verify.out()).contains("FILE", "OK <n> entries", "BROKEN at", "--checkpoint");
    assertThat(Cli.run("audit").exitCode()).isEqualTo(2);
    assertThat(Cli.run("--help").out()).contains("audit");
  }

  @Test
  void aCheckpointDetectsTruncationAndForgedCheckpointsAreRejected() throws IOException {
    SigningKeySet keys = SigningKeySet.generate(SigningAlgorithm.ES256);
    Path jwks = tmp.resolve("public.jwks.json");
    Files.writeString(jwks, keys.verificationKeys().toJson());
    List<String> lines = lines(50);
    AuditEntry last = AuditJson.parseLine(lines.get(49));
    String checkpoint = AuditCheckpoint.sign(keys, ISS, last, START).token();
    String[] options = {"--jwks", jwks.toString(), "--issuer", ISS, "--checkpoint", checkpoint};

    Cli.Result whole = run(write(lines), options);
    assertThat(whole.out()).isEqualTo("OK 50 entries\n");
    Cli.Result truncated = run(write(lines.subList(0, 49)), options);
    assertThat(truncated.out())
        .isEqualTo("BROKEN at 50: the chain ends at sequence 49 before checkpoint 50\n");
    assertThat(truncated.exitCode()).isEqualTo(3);

    SigningKeySet other = SigningKeySet.generate(SigningAlgorithm.ES256, keys.currentKeyId());
    options[5] = AuditCheckpoint.sign(other, ISS, last, START).token();
    Cli.Result forged = run(write(lines), options);
    assertThat(forged.out())
        .isEqualTo("INVALID checkpoint 1: audit checkpoint rejected: the signature is invalid\n");
    assertThat(forged.exitCode()).isEqualTo(3);

    Cli.Result noKeys = Cli.run("audit", "verify", "--checkpoint", checkpoint, "x.jsonl");
    assertThat(noKeys.exitCode()).isEqualTo(2);
    assertThat(noKeys.err()).contains("expected --jwks and --issuer").doesNotContain(checkpoint);
  }

  @Test
  void theProgressBarRedrawsOneLineAndClearsIt() throws IOException {
    StringWriter err = new StringWriter();
    ProgressBar.CountingInputStream in =
        new ProgressBar.CountingInputStream(new ByteArrayInputStream(new byte[100]));
    ProgressBar bar = new ProgressBar(new PrintWriter(err), 200, in);
    assertThat(in.readAllBytes()).hasSize(100);
    bar.accept(10_000);
    assertThat(err.toString()).isEqualTo("\rverifying [##########..........] 50% 10000 entries");
    int drawn = err.toString().length() - 1;
    bar.clear();
    assertThat(err.toString()).endsWith("entries\r" + " ".repeat(drawn) + "\r");
  }

  private Cli.Result run(Path file, String... options) {
    List<String> args = new ArrayList<>(List.of("audit", "verify"));
    args.addAll(List.of(options));
    args.add(file.toString());
    return Cli.run(args.toArray(String[]::new));
  }

  private static List<String> lines(int n) {
    ConsentId consent = ConsentId.generate(START);
    String[] actors = {"citizen", "consumer:KB-BANK", "provider:NHIS", "system"};
    List<String> lines = new ArrayList<>();
    AuditEntry entry = null;
    for (int i = 1; i <= n; i++) {
      AuditEvent event =
          AuditEvent.of(
              START.plusSeconds(i),
              AuditEventType.values()[i % AuditEventType.values().length],
              consent,
              actors[i % actors.length],
              Map.of("txId", "tx-" + i));
      entry = entry == null ? AuditEntry.first(event) : entry.next(event);
      lines.add(AuditJson.line(entry));
    }
    return lines;
  }

  private Path write(List<String> lines) throws IOException {
    Path file = Files.createTempFile(tmp, "audit", ".jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return file;
  }
}
