package dev.filebacked.codec.fst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.core.codec.CodecProviders;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;
import org.junit.jupiter.api.Test;

class FstCodecProviderTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void theModuleOnTheClassPathIsFoundByItsId() {
    Codec<Object> codec = CodecProviders.create("fst", DecodingPolicy.unrestricted(), loader);
    assertThat(codec).isInstanceOf(FstCodec.class);
    assertThat(codec.decode(codec.encode("found"), loader)).isEqualTo("found");
  }

  @Test
  void cachesWithEqualPoliciesShareOneCodecAndOthersDoNot() {
    Codec<Object> first = CodecProviders.create("fst", DecodingPolicy.allowing("a.b.*"), loader);
    Codec<Object> second = CodecProviders.create("fst", DecodingPolicy.allowing("a.b.*"), loader);
    Codec<Object> other = CodecProviders.create("fst", DecodingPolicy.allowing("a.c.*"), loader);
    assertThat(second).isSameAs(first);
    assertThat(other).isNotSameAs(first);
  }
}
