package dev.filebacked.codec.fst;

import dev.filebacked.spi.Codec;
import dev.filebacked.spi.CodecProvider;
import dev.filebacked.spi.DecodingPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes {@link FstCodec}s, codec id {@value FstCodec#ID}. The first codec it makes checks that
 * the JVM opens what FST needs ({@link FstAccess}); caches with equal decoding policies share
 * one codec.
 */
public final class FstCodecProvider implements CodecProvider {

  private static final Map<DecodingPolicy, FstCodec<?>> CODECS = new ConcurrentHashMap<>();

  @Override
  public String id() {
    return FstCodec.ID;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Codec<T> create(DecodingPolicy policy) {
    FstAccess.checkThisJvm();
    return (Codec<T>) CODECS.computeIfAbsent(policy, FstCodec::new);
  }
}
