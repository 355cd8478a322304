package dev.filebacked.codec.fory;

import dev.filebacked.core.codec.CodecContractTest;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;

class ForyCodecContractTest extends CodecContractTest {

  @Override
  protected Codec<Object> codec(DecodingPolicy policy) {
    return new ForyCodecProvider().create(policy);
  }
}
