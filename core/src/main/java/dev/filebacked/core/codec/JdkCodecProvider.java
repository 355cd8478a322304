package dev.filebacked.core.codec;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;

/** Makes {@link JavaSerializationCodec}s, codec id {@value JavaSerializationCodec#ID}. */
public final class JdkCodecProvider implements CodecProvider {

  @Override
  public String id() {
    return JavaSerializationCodec.ID;
  }

  @Override
  public <T> Codec<T> create(DecodingPolicy policy) {
    return new JavaSerializationCodec<>(policy);
  }
}
