package org.mydatakit.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the demo runs as a JVM of its own ({@code java -jar JAR ARGS}): its output goes to a
 * file, and it is stopped when the demo ends, also on Ctrl-C.
 */
final class ChildProcess implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final Thread onExit;

  private ChildProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.onExit = new Thread(process::destroy, "stop " + name);
    Runtime.getRuntime().addShutdownHook(onExit);
  }

  /** Starts {@code java -jar jar args...} with this JVM's {@code java}, output to {@code log}. */
  static ChildProcess start(String name, Path jar, List<String> args, Path log) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new DemoFailure(
          name
              + ": "
              + jar
              + " is missing; run the demo as ./mydatakit demo from the checkout, which builds it");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // small and quick to start: the demo's servers see a handful of requests
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar"));
    command.add(jar.toString());
    command.addAll(args);
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new ChildProcess(name, process, log);
  }

  /** A port free on the loopback interface now. */
  static int freePort() throws IOException {
    try (ServerSocket free = new ServerSocket(0)) {
      return free.getLocalPort();
    }
  }

  /** Waits until {@code url} answers 200; a process that exits or a timeout is a failure. */
  void awaitReady(URI url, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new DemoFailure(
            name + " exited with status " + process.exitValue() + "; its output is in " + log);
      }
      try {
        HttpResponse<Void> answer =
            HTTP.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new DemoFailure(
        name + " was not ready in " + timeout.toSeconds() + " s; its output is in " + log);
  }

  Path log() {
    return log;
  }

  /** Stops the process (SIGTERM: a graceful shutdown), forcibly after 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway, on a process that has exited
    }
  }

  @Override
  public String toString() {
    return "ChildProcess[" + name + "]";
  }
}
