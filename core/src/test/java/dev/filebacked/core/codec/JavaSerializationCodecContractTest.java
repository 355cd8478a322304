package dev.filebacked.core.codec;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;

class JavaSerializationCodecContractTest extends CodecContractTest {

  @Override
  protected Codec<Object> codec(DecodingPolicy policy) {
    return new JavaSerializationCodec<>(policy);
  }
}
