package dev.filebacked.codec.fst;

import dev.filebacked.spi.CodecException;
import org.nustaq.serialization.FSTClazzInfo;
import org.nustaq.serialization.FSTConfiguration;
import org.nustaq.serialization.FSTObjectInput;

/**
 * An FST input that refuses objects nested deeper than a limit. FST has no limit of its own;
 * every object it reads, at any depth, goes through {@link #readObjectWithHeader}.
 */
final class DepthLimitedInput extends FSTObjectInput {

  private final int maxDepth;
  private int depth;

  DepthLimitedInput(FSTConfiguration configuration, int maxDepth) {
    super(configuration);
    this.maxDepth = maxDepth;
  }

  /** Starts reading {@code bytes} from the top. */
  void start(byte[] bytes) throws java.io.IOException {
    depth = 0;
    resetForReuseUseArray(bytes);
  }

  @Override
  public Object readObjectWithHeader(FSTClazzInfo.FSTFieldInfo referencee) throws Exception {
    if (++depth > maxDepth) {
      throw new CodecException("fst codec: objects are nested deeper than the depth limit "
          + "of the cache's decoding policy (maxDepth " + maxDepth + ")");
    }
    try {
      return super.readObjectWithHeader(referencee);
    } finally {
      depth--;
    }
  }
}
