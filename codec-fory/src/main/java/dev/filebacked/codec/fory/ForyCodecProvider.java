package dev.filebacked.codec.fory;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link ForyCodec}s, codec id {@value ForyCodec#ID}. Caches with equal decoding policies
 * share one codec, and so share its Fory instances and the serializers they compile.
 */
public final class ForyCodecProvider implements CodecProvider {

  private static final ForyVersion VERSION = ForyVersion.running();
  private static final Map<DecodingPolicy, ForyCodec<?>> CODECS = new ConcurrentHashMap<>();

  @Override
  public String id() {
    return ForyCodec.ID;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Codec<T> create(DecodingPolicy policy) {
    return (Codec<T>) CODECS.computeIfAbsent(policy, p -> new ForyCodec<>(p, VERSION));
  }
}
