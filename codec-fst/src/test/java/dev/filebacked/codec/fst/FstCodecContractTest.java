package dev.filebacked.codec.fst;

import dev.filebacked.core.codec.CodecContractTest;
import dev.filebacked.spi.Codec;
import dev.filebacked.spi.DecodingPolicy;

class FstCodecContractTest extends CodecContractTest {

  @Override
  protected Codec<Object> codec(DecodingPolicy policy) {
    return new FstCodecProvider().create(policy);
  }

  @Override
  protected boolean readsRecords() {
    return false;
  }
}
