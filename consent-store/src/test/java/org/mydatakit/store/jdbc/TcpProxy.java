package org.mydatakit.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 for tests: forwards each connection to a target with two threads. {@link
 * #cut()} resets every live connection and refuses new ones (accepted and reset at once) until
 * {@link #restore()}.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final List<Socket> live = new ArrayList<>();
  private final Thread acceptor;
  private boolean cut;

  TcpProxy(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Resets every live connection and refuses new ones. */
  synchronized void cut() {
    cut = true;
    for (Socket s : live) {
      reset(s);
    }
    live.clear();
  }

  /** Accepts and forwards connections again. */
  synchronized void restore() {
    cut = false;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!admit(client)) {
        continue;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 5_000);
      } catch (IOException e) {
        reset(client);
        reset(upstream);
        continue;
      }
      if (!admit(upstream)) {
        reset(client);
        continue;
      }
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  /** Registers {@code s} as live, or resets it if the proxy is cut. */
  private synchronized boolean admit(Socket s) {
    if (cut || server.isClosed()) {
      reset(s);
      return false;
    }
    live.add(s);
    return true;
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) != -1; ) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed or was reset: close the other
              } finally {
                reset(from);
                reset(to);
                synchronized (this) {
                  live.remove(from);
                  live.remove(to);
                }
              }
            },
            "tcp-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Closes with an RST, not a FIN: the peer sees a broken connection, not an orderly end. */
  private static void reset(Socket s) {
    try {
      if (!s.isClosed()) {
        if (s.isConnected()) {
          s.setSoLinger(true, 0);
        }
        s.close();
      }
    } catch (IOException ignored) {
      // already gone
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    cut();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
