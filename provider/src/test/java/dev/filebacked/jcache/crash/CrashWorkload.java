package dev.filebacked.jcache.crash;

import dev.filebacked.spi.Durability;
import dev.filebacked.spi.FileBackedCache;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The child JVM of {@link KillNineCrashTest}: opens the persistent cache, reports what it holds,
 * then changes it from several threads until it is killed.
 *
 * <p>Arguments: {@code <directory> <managerDirectory> <durability> <cycle> <seed> <threads>
 * <keys>}. Thread {@code t} owns the keys {@code k} with {@code k % threads == t}, so each
 * key's changes come from one thread, in program order. Lines on stdout (each one write of
 * whole bytes, so a kill never leaves half a line the parent would take for a whole one):
 *
 * <pre>
 * STATE &lt;key&gt; &lt;id or - or BAD(..)&gt;     what the cache held at start, key by key
 * EXTRA &lt;key&gt;                        a key outside 0..keys-1 met by iteration
 * ENTRIES &lt;n&gt;                        how many entries iteration met
 * READY                              the workload starts
 * BEGIN &lt;t&gt; &lt;op&gt; &lt;key&gt; &lt;id&gt; &lt;arg&gt;     before each call (id: the value it writes, - if none;
 *                                    arg: the expected value of a conditional op, else -)
 * ACK &lt;t&gt; &lt;op&gt; &lt;key&gt; &lt;id&gt; &lt;result&gt;    after it returned (true/false; the old value's id)
 * ERR &lt;t&gt; &lt;op&gt; &lt;key&gt; &lt;id&gt; &lt;error&gt;     it threw; the thread stops
 * FLUSH-BEGIN &lt;n&gt; / FLUSHED &lt;n&gt;       ON_FLUSH only: before and after flush() (n = 0 before READY)
 * FATAL &lt;error&gt;                      the workload could not start
 * </pre>
 *
 * <p>It stops on its own (halts, closing nothing) if its stdin closes (the test JVM is gone) or
 * after two minutes.
 */
public final class CrashWorkload {

  /** The ops, with their weights out of 100. */
  enum Op {
    PUT(30), GET_AND_PUT(10), REPLACE(15), REPLACE_IF(5), PUT_IF_ABSENT(15), REMOVE(15),
    REMOVE_IF(10);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }

    static Op pick(Random random) {
      int roll = random.nextInt(100);
      for (Op op : values()) {
        roll -= op.weight;
        if (roll < 0) {
          return op;
        }
      }
      throw new AssertionError();
    }
  }

  private static final FileOutputStream STDOUT = new FileOutputStream(FileDescriptor.out);

  private CrashWorkload() {}

  /** One line, written whole by one write call; lines of different threads never mix. */
  static void line(String text) {
    byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (STDOUT) {
      try {
        STDOUT.write(bytes);
        STDOUT.flush();
      } catch (IOException e) {
        Runtime.getRuntime().halt(96); // the parent is gone
      }
    }
  }

  public static void main(String[] args) throws Exception {
    startWatchdogs();
    Path directory = Path.of(args[0]);
    Path managerDirectory = Path.of(args[1]);
    Durability durability = Durability.valueOf(args[2]);
    int cycle = Integer.parseInt(args[3]);
    long seed = Long.parseLong(args[4]);
    int threads = Integer.parseInt(args[5]);
    int keys = Integer.parseInt(args[6]);

    Cache<Integer, String> cache;
    String[] state = new String[keys];
    try {
      CacheManager manager = CrashValues.manager("crash-workload", managerDirectory);
      cache = manager.createCache(CrashValues.CACHE_NAME,
          CrashValues.configuration(directory, durability));
      for (int key = 0; key < keys; key++) {
        state[key] = cache.get(key);
        line("STATE " + key + " " + CrashValues.describe(key, state[key]));
      }
      int entries = 0;
      for (Cache.Entry<Integer, String> entry : cache) {
        entries++;
        if (entry.getKey() < 0 || entry.getKey() >= keys) {
          line("EXTRA " + entry.getKey());
        }
      }
      line("ENTRIES " + entries);
      if (durability == Durability.ON_FLUSH) {
        // What this run recovered is durable from here on: the first flush point.
        line("FLUSH-BEGIN 0");
        cache.unwrap(FileBackedCache.class).flush();
        line("FLUSHED 0");
      }
    } catch (Throwable e) {
      line("FATAL " + oneLine(e));
      e.printStackTrace();
      Runtime.getRuntime().halt(2);
      return;
    }

    AtomicLong ops = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Random random = new Random(seed * 31 + t);
      workers.add(new Thread(() -> work(cache, thread, threads, keys, cycle, state, ops, random),
          "crash-worker-" + t));
    }
    if (durability == Durability.ON_FLUSH) {
      Random random = new Random(seed * 31 + threads);
      Thread flusher = new Thread(() -> flush(cache, random), "crash-flusher");
      flusher.setDaemon(true);
      workers.add(flusher);
    }
    line("READY");
    for (Thread worker : workers) {
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    // Every worker stopped on an error: wait for the kill.
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void work(Cache<Integer, String> cache, int thread, int threads, int keys,
      int cycle, String[] state, AtomicLong ops, Random random) {
    List<Integer> owned = new ArrayList<>();
    for (int key = thread; key < keys; key += threads) {
      owned.add(key);
    }
    while (true) {
      int key = owned.get(random.nextInt(owned.size()));
      Op op = Op.pick(random);
      long opId = ops.incrementAndGet();
      String value = CrashValues.value(key, cycle, opId);
      String id = op == Op.REMOVE ? "-" : CrashValues.id(key, cycle, opId);
      // A conditional op's expected value: the current one mostly, else one never written.
      String expected = null;
      if (op == Op.REPLACE_IF || op == Op.REMOVE_IF) {
        expected = state[key] != null && random.nextInt(10) < 7
            ? state[key] : CrashValues.value(key, cycle, -opId);
      }
      String arg = expected == null ? "-" : CrashValues.describe(key, expected);
      String head = thread + " " + op + " " + key + " " + id;
      line("BEGIN " + head + " " + arg);
      String result;
      try {
        switch (op) {
          case PUT -> {
            cache.put(key, value);
            state[key] = value;
            result = "-";
          }
          case GET_AND_PUT -> {
            result = CrashValues.describe(key, cache.getAndPut(key, value));
            state[key] = value;
          }
          case REPLACE -> {
            boolean replaced = cache.replace(key, value);
            state[key] = replaced ? value : state[key];
            result = Boolean.toString(replaced);
          }
          case REPLACE_IF -> {
            boolean replaced = cache.replace(key, expected, value);
            state[key] = replaced ? value : state[key];
            result = Boolean.toString(replaced);
          }
          case PUT_IF_ABSENT -> {
            boolean added = cache.putIfAbsent(key, value);
            state[key] = added ? value : state[key];
            result = Boolean.toString(added);
          }
          case REMOVE -> {
            boolean removed = cache.remove(key);
            state[key] = null;
            result = Boolean.toString(removed);
          }
          case REMOVE_IF -> {
            boolean removed = cache.remove(key, expected);
            state[key] = removed ? null : state[key];
            result = Boolean.toString(removed);
          }
          default -> throw new AssertionError(op);
        }
      } catch (Throwable e) {
        line("ERR " + head + " " + oneLine(e));
        e.printStackTrace();
        return;
      }
      line("ACK " + head + " " + result);
    }
  }

  private static void flush(Cache<Integer, String> cache, Random random) {
    FileBackedCache<?, ?> fileBacked = cache.unwrap(FileBackedCache.class);
    for (long n = 1; ; n++) {
      try {
        Thread.sleep(random.nextInt(40));
        line("FLUSH-BEGIN " + n);
        fileBacked.flush();
        line("FLUSHED " + n);
      } catch (Throwable e) {
        line("ERR flusher FLUSH " + n + " - " + oneLine(e));
        e.printStackTrace();
        return;
      }
    }
  }

  private static void startWatchdogs() {
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The parent never writes; EOF means it closed the pipe or died.
        }
      } catch (IOException ignored) {
        // Same as EOF.
      }
      Runtime.getRuntime().halt(98);
    }, "crash-stdin-watchdog");
    stdin.setDaemon(true);
    stdin.start();
    Thread timer = new Thread(() -> {
      try {
        Thread.sleep(120_000);
      } catch (InterruptedException ignored) {
        // Halt anyway.
      }
      Runtime.getRuntime().halt(97);
    }, "crash-timer-watchdog");
    timer.setDaemon(true);
    timer.start();
  }

  static String oneLine(Throwable e) {
    StringWriter text = new StringWriter();
    text.append(e.toString());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause.toString());
    }
    return text.toString().replace('\n', ' ').replace('\r', ' ');
  }
}
