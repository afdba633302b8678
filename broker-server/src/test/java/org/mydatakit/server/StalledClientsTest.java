package org.mydatakit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fifty clients that open a connection and trickle a request one byte at a time (slowloris) or send
 * headers and never the body they announced do not keep a normal request from its answer: it is
 * served within a second while they stall, and the server closes a stalled connection after its
 * 5-second connection timeout.
 */
class StalledClientsTest extends ServerTestBase {

  @Test
  void fiftyStalledConnectionsDoNotDelayANormalRequest() throws Exception {
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        OutputStream out = socket.getOutputStream();
        if (i % 2 == 0) { // headers never finished
          out.write("GET /status/1 HTTP/1.1\r\nHost: 127".getBytes(StandardCharsets.US_ASCII));
        } else { // a body announced and never sent
          out.write(
              ("POST /log/cosignature?size=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: text/plain\r\nContent-Length: 4000\r\n\r\nx")
                  .getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
        stalled.add(socket);
      }
      for (Socket socket : stalled) { // one more byte each: still stalled, still open
        socket.getOutputStream().write('x');
        socket.getOutputStream().flush();
      }
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      long start = System.nanoTime();
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status/1"))
                  .timeout(Duration.ofSeconds(1))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(millis).as("answered while 50 clients stall").isLessThan(1_000);

      // and the server lets go of a stalled client after its connection timeout (5 s), not never
      Socket first = stalled.get(0);
      first.setSoTimeout(9_000);
      long waited = System.nanoTime();
      byte[] buffer = new byte[512];
      int read;
      while ((read = first.getInputStream().read(buffer)) > 0) {
        // a 408 or 400 answer may come before the close; read until the end
      }
      assertThat(read).as("the server closed the stalled connection").isEqualTo(-1);
      assertThat((System.nanoTime() - waited) / 1_000_000).isLessThan(8_000);
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }
}
