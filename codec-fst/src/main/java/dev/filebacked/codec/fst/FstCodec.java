package dev.filebacked.codec.fst;

import dev.filebacked.core.codec.PerLoaderCodec;
import dev.filebacked.spi.DecodingPolicy;

/**
 * A codec on FST: values must be {@link java.io.Serializable}; shared references and cycles
 * come back as they were; {@code readObject} and {@code readResolve} are honoured. One FST
 * configuration per class loader, held weakly ({@link PerLoaderCodec}).
 *
 * <p>The {@link DecodingPolicy} is enforced through FST's class verifier (allowed classes), a
 * depth-counting input (FST has no depth limit of its own) and a size check before decoding.
 *
 * @param <T> the type of value
 */
public final class FstCodec<T> extends PerLoaderCodec<T, FstStreams> {

  /** This codec's id in blob headers. */
  public static final String ID = "fst";
  /** This codec's format version in blob headers: FST 3.0.4's default binary format. */
  public static final int FORMAT_VERSION = 1;

  FstCodec(DecodingPolicy policy) {
    super(ID, policy, loader -> new FstStreams(loader, policy));
  }

  @Override
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  @Override
  protected byte[] write(FstStreams streams, Object value) throws Exception {
    return streams.write(value);
  }

  @Override
  protected Object read(FstStreams streams, byte[] bytes) throws Exception {
    return streams.read(bytes);
  }
}
