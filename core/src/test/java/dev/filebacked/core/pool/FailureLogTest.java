package dev.filebacked.core.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Failure warnings: one WARNING line per kind and interval, saying how many came between. */
class FailureLogTest {

  private record Line(Level level, String message) {}

  private final List<Line> lines = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final FailureLog log = new FailureLog((level, message, error) ->
      lines.add(new Line(level, message)), clock::get, Duration.ofNanos(100));

  @Test
  void aChangedClassIsWarnedAboutOnceWhateverTheIntervalAndEachClassOnItsOwn() {
    for (int i = 0; i < 3; i++) {
      clock.addAndGet(1_000); // past the interval every time: still once per class
      log.warnClassChanged("com.example.Order", "order " + i, null);
      log.warnClassChanged("com.example.Invoice", "invoice " + i, null);
    }
    assertThat(lines).filteredOn(line -> line.level() == Level.WARNING)
        .extracting(Line::message)
        .satisfiesExactly(
            order -> assertThat(order).startsWith("order 0").contains("com.example.Order"),
            invoice -> assertThat(invoice).startsWith("invoice 0"));
    assertThat(lines).filteredOn(line -> line.level() == Level.DEBUG).hasSize(4);
  }

  @Test
  void aFullDiskGivesOneWarningPerIntervalWithTheCountSinceTheLastOne() {
    log.warn(FailureKind.NO_SPACE, "first", null);
    for (int i = 0; i < 5; i++) {
      clock.addAndGet(10);
      log.warn(FailureKind.NO_SPACE, "again " + i, null);
    }
    clock.addAndGet(100);
    log.warn(FailureKind.NO_SPACE, "later", null);

    assertThat(lines).filteredOn(line -> line.level() == Level.WARNING)
        .extracting(Line::message)
        .satisfiesExactly(
            first -> assertThat(first).startsWith("first").doesNotContain("more failures"),
            later -> assertThat(later).startsWith("later")
                .contains("[5 more failures of this kind since the last report]"));
    assertThat(lines).filteredOn(line -> line.level() == Level.DEBUG).hasSize(5);
  }

  @Test
  void eachKindHasItsOwnInterval() {
    log.warn(FailureKind.NO_SPACE, "full", null);
    log.warn(FailureKind.CORRUPT_BLOB, "corrupt", null);
    log.warn(FailureKind.NO_SPACE, "full again", null);

    assertThat(lines).extracting(Line::level)
        .containsExactly(Level.WARNING, Level.WARNING, Level.DEBUG);
  }
}
