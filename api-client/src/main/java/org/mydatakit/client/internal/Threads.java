package org.mydatakit.client.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's pool: at most {@code n} daemon threads, which end after 30 s idle, so a client that
 * is dropped needs no closing and holds no thread.
 */
public final class Threads {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private Threads() {}

  public static ExecutorService pool(int n) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger thread = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            n,
            n,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "mydatakit-client-" + pool + "-" + thread.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
