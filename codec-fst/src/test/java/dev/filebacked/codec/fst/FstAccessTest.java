package dev.filebacked.codec.fst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.spi.CodecException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FstAccessTest {

  @Test
  void thisJvmOpensWhatFstNeedsBecauseSurefirePassesTheDocumentedFlags() {
    assertThatCode(FstAccess::checkThisJvm).doesNotThrowAnyException();
  }

  @Test
  void aJvmWithoutTheFlagsIsToldEveryFlagToAddOnePerLine() {
    assertThatThrownBy(() -> FstAccess.check((module, pkg) -> false))
        .isInstanceOf(CodecException.class)
        .satisfies(e -> assertThat(flagLines(e.getMessage())).containsExactly(
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.sql/java.sql=ALL-UNNAMED"));
  }

  @Test
  void onlyTheMissingFlagsAreListed() {
    assertThatThrownBy(() -> FstAccess.check((module, pkg) -> !pkg.equals("java.time")))
        .satisfies(e -> assertThat(flagLines(e.getMessage()))
            .containsExactly("--add-opens=java.base/java.time=ALL-UNNAMED"));
  }

  @Test
  void theFlagsInThisModulesSurefireConfigurationAreExactlyTheCheckedOnes() {
    List<String> passed = Arrays.stream(System.getProperty("fst.addOpens").split(" "))
        .sorted().toList();
    List<String> checked = FstAccess.PACKAGES.stream()
        .map(p -> "--add-opens=" + p + "=ALL-UNNAMED").sorted().toList();
    assertThat(passed).isEqualTo(checked);
  }

  private static List<String> flagLines(String message) {
    return message.lines().map(String::strip).filter(l -> l.startsWith("--add-opens")).toList();
  }
}
