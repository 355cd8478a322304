package dev.filebacked.codec.fory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import org.junit.jupiter.api.Test;

class ForyVersionTest {

  @Test
  void theFormatVersionCarriesForysMajorAndMinorVersionButNotItsPatch() {
    assertThat(ForyVersion.parse("1.6.0").formatVersion(1)).isEqualTo(1_001_006);
    assertThat(ForyVersion.parse("1.6.3").formatVersion(1)).isEqualTo(1_001_006);
    assertThat(ForyVersion.parse("1.7.0-SNAPSHOT").formatVersion(1)).isEqualTo(1_001_007);
    assertThat(ForyVersion.parse("0.13.2").formatVersion(2)).isEqualTo(2_000_013);
  }

  @Test
  void theRunningForyIsTheOneThisModuleIsBuiltAgainst() {
    Codec<Object> codec = CodecProviders.create("fory", DecodingPolicy.unrestricted(),
        getClass().getClassLoader());
    assertThat(codec).isInstanceOf(ForyCodec.class);
    assertThat(codec.formatVersion()).isEqualTo(ForyVersion.parse(System.getProperty(
        "fory.version")).formatVersion(ForyCodec.OWN_FORMAT));
  }

  @Test
  void aVersionWithoutMajorAndMinorIsAClearError() {
    assertThatThrownBy(() -> ForyVersion.parse("unknown"))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("'unknown'");
  }
}
