package org.scicodecs.cli;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for long work, drawn on stderr and updated in place — only when the command runs
 * on a terminal ({@link Console#isTerminal()}); otherwise it prints nothing, so logs and pipes stay
 * clean. A background thread redraws it a few times a second, so the elapsed time moves while a
 * single long codec call runs; it appears only after a short delay, so quick commands never show
 * it, and it erases itself when closed.
 *
 * <p>Thread-safe: the owner updates it from one thread while the drawing thread reads it.
 *
 * {@snippet :
 * try (Progress bar = Progress.start("bench", settings.size())) {
 *   for (Setting s : settings) {
 *     bar.label(s.name());
 *     run(s);
 *     bar.advance();
 *   }
 * }
 * }
 */
public final class Progress implements AutoCloseable {
  private static final long DELAY_MS = 400;
  private static final long PERIOD_MS = 200;
  private static final int BAR = 24;

  private final String task;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final Thread ticker;
  private final int width;
  private volatile long total;
  private volatile long done;
  private volatile String label = "";
  private boolean drawn;
  private int frame;

  private Progress(String task, long total, PrintStream out, boolean enabled, long delayMs) {
    this.task = task;
    this.total = total;
    this.out = out;
    this.width = columns();
    if (enabled) {
      ticker =
          Thread.ofPlatform()
              .daemon()
              .name("scicodecs-progress")
              .start(
                  () -> {
                    try {
                      Thread.sleep(delayMs);
                      while (!Thread.currentThread().isInterrupted()) {
                        draw();
                        Thread.sleep(PERIOD_MS);
                      }
                    } catch (InterruptedException e) {
                      // closed
                    }
                  });
    } else {
      ticker = null;
    }
  }

  /**
   * A progress bar over {@code total} steps (0: no known total, a moving indicator), on stderr if
   * the command runs on a terminal, else silent.
   */
  public static Progress start(String task, long total) {
    return new Progress(task, total, System.err, onTerminal(), DELAY_MS);
  }

  /** A progress bar drawing to {@code out} whatever the terminal (for tests). */
  static Progress forTesting(String task, long total, PrintStream out) {
    return new Progress(task, total, out, true, 0);
  }

  /** Whether stdin and stdout are a terminal (JDK 22's {@link Console#isTerminal()}). */
  public static boolean onTerminal() {
    Console c = System.console();
    return c != null && c.isTerminal();
  }

  /** What is being done now, shown after the bar. */
  public void label(String text) {
    label = text;
  }

  /** One more step done. */
  public void advance() {
    done++;
  }

  /** Sets the total (when it becomes known). */
  public void total(long steps) {
    total = steps;
  }

  /** The line as it is drawn now (without the carriage return). */
  synchronized String render() {
    long elapsed = (System.nanoTime() - startNanos) / 1_000_000_000L;
    String time = String.format(Locale.ROOT, "%d:%02d", elapsed / 60, elapsed % 60);
    StringBuilder sb = new StringBuilder(task).append(" [");
    long t = total;
    long d = Math.min(done, t > 0 ? t : done);
    if (t > 0) {
      int filled = (int) (BAR * d / t);
      sb.append("#".repeat(filled)).append("-".repeat(BAR - filled)).append("] ");
      sb.append(d).append('/').append(t);
    } else {
      int pos = frame % (2 * (BAR - 3));
      int at = pos < BAR - 3 ? pos : 2 * (BAR - 3) - pos;
      sb.append(" ".repeat(at)).append("<=>").append(" ".repeat(BAR - 3 - at)).append(']');
    }
    sb.append(' ').append(time).append("  ").append(label);
    String line = sb.toString();
    return line.length() > width - 1 ? line.substring(0, width - 1) : line;
  }

  private synchronized void draw() {
    frame++;
    String line = render();
    out.print("\r" + line + " ".repeat(Math.max(0, width - 1 - line.length())));
    out.flush();
    drawn = true;
  }

  /** Stops drawing and erases the bar. */
  @Override
  public void close() {
    if (ticker == null) {
      return;
    }
    ticker.interrupt();
    try {
      ticker.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (drawn) {
        out.print("\r" + " ".repeat(width - 1) + "\r");
        out.flush();
      }
    }
  }

  private static int columns() {
    try {
      int c = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80"));
      return c >= 40 ? c : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
