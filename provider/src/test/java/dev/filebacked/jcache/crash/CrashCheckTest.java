package dev.filebacked.jcache.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The crash test's checker on made-up child output: it must catch what it is there to catch
 * (an older version, a lost acknowledged change, a removed key back, a torn value, a result
 * that contradicts the key's state) and let through what a crash may leave (an op in flight,
 * under ON_FLUSH a change after the last flush).
 */
class CrashCheckTest {

  private static final String A = CrashValues.id(0, 1, 1);
  private static final String B = CrashValues.id(0, 1, 2);
  private static final String C = CrashValues.id(0, 1, 3);

  private static String[] start(String... states) {
    return states;
  }

  private static List<String> found(Expectations expected, String... values) {
    int present = (int) Arrays.stream(values).filter(v -> !v.equals("-")).count();
    return expected.check("test", values, present, List.of()).violations;
  }

  private static final List<String> PUT_A_PUT_B_REMOVE_IN_FLIGHT = List.of(
      "STATE 0 -", "ENTRIES 0", "READY",
      "BEGIN 0 PUT 0 " + A + " -", "ACK 0 PUT 0 " + A + " -",
      "BEGIN 0 GET_AND_PUT 0 " + B + " -", "ACK 0 GET_AND_PUT 0 " + B + " " + A,
      "BEGIN 0 REMOVE 0 - -");

  @Test
  void fsyncAllowsTheLastAcknowledgedStateOrTheOpInFlight() {
    CycleLog log = CycleLog.parse(1, start("-"), PUT_A_PUT_B_REMOVE_IN_FLIGHT);
    assertThat(log.liveViolations).isEmpty();
    assertThat(log.acknowledged).isEqualTo(2);
    assertThat(log.inFlightOps).isEqualTo(1);
    Expectations expected = log.expectations(false);
    assertThat(found(expected, B)).isEmpty();
    assertThat(found(expected, "-")).isEmpty();
    assertThat(found(expected, A)).singleElement().asString().contains("an older version");
    assertThat(found(expected, C)).hasSize(1);
    assertThat(found(expected, "BAD(length=3,starts=abc)")).singleElement().asString()
        .contains("torn");
  }

  @Test
  void anAcknowledgedRemoveMustStayRemoved() {
    CycleLog log = CycleLog.parse(1, start(A), List.of(
        "STATE 0 " + A, "ENTRIES 1", "READY",
        "BEGIN 0 REMOVE 0 - -", "ACK 0 REMOVE 0 - true",
        "BEGIN 0 PUT_IF_ABSENT 0 " + B + " -"));
    Expectations expected = log.expectations(false);
    assertThat(found(expected, "-")).isEmpty();
    assertThat(found(expected, B)).isEmpty();
    assertThat(found(expected, A)).hasSize(1);
  }

  @Test
  void aConditionalOpInFlightWhoseConditionFailsChangesNothing() {
    CycleLog log = CycleLog.parse(1, start(A), List.of(
        "STATE 0 " + A, "ENTRIES 1", "READY",
        "BEGIN 0 PUT_IF_ABSENT 0 " + B + " -"));
    assertThat(found(log.expectations(false), B)).hasSize(1);
    assertThat(found(log.expectations(false), A)).isEmpty();
  }

  @Test
  void aResultThatContradictsTheKeysStateIsALiveViolation() {
    CycleLog log = CycleLog.parse(1, start(A), List.of(
        "STATE 0 " + A, "ENTRIES 1", "READY",
        "BEGIN 0 REPLACE 0 " + B + " -", "ACK 0 REPLACE 0 " + B + " false",
        "BEGIN 0 REMOVE_IF 0 " + C + " " + A, "ACK 0 REMOVE_IF 0 " + C + " true"));
    assertThat(log.liveViolations).singleElement().asString()
        .contains("REPLACE key 0").contains("returned false");
  }

  @Test
  void onFlushAllowsAnyStateFromTheLastFlushOnAndReportsTheRestAsDeviations() {
    CycleLog log = CycleLog.parse(1, start("-"), List.of(
        "STATE 0 -", "ENTRIES 0", "FLUSH-BEGIN 0", "FLUSHED 0", "READY",
        "BEGIN 0 PUT 0 " + A + " -", "ACK 0 PUT 0 " + A + " -",
        "FLUSH-BEGIN 1",
        "BEGIN 0 PUT 0 " + B + " -", "ACK 0 PUT 0 " + B + " -",
        "FLUSHED 1",
        "BEGIN 0 PUT 0 " + C + " -", "ACK 0 PUT 0 " + C + " -"));
    Expectations expected = log.expectations(true);
    assertThat(found(expected, C)).isEmpty();
    assertThat(found(expected, B)).isEmpty();
    assertThat(found(expected, A)).isEmpty();
    assertThat(found(expected, "-")).singleElement().asString().contains("absent");
    assertThat(expected.check("test", new String[] {A}, 1, List.of()).deviations).hasSize(1);
  }

  @Test
  void iterationMustMeetWhatGetFinds() {
    Expectations expected = Expectations.exactly(new String[] {A});
    assertThat(expected.check("test", new String[] {A}, 2, List.of("99")).violations)
        .hasSize(2);
  }

  @Test
  void aValueIsKnownByItsIdOnlyIfItIsWholeAndOfItsKey() {
    String value = CrashValues.value(5, 2, 77);
    assertThat(CrashValues.describe(5, value)).isEqualTo("v-5-2-77");
    assertThat(CrashValues.describe(6, value)).startsWith("BAD(");
    assertThat(CrashValues.describe(5, value.substring(0, value.length() - 1)))
        .startsWith("BAD(");
    assertThat(CrashValues.describe(5, value.replace(':', ';'))).startsWith("BAD(");
    assertThat(CrashValues.describe(5, null)).isEqualTo("-");
  }
}
