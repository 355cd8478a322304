package dev.filebacked.codec.fst;

import dev.filebacked.spi.CodecException;
import dev.filebacked.spi.DecodingPolicy;
import dev.filebacked.spi.DisallowedClassException;
import java.io.IOException;
import org.nustaq.serialization.FSTConfiguration;
import org.nustaq.serialization.FSTObjectOutput;
import org.nustaq.serialization.FSTSerialisationListener;

/**
 * One FST configuration, bound to a class loader and a decoding policy, with a reusable input
 * and output per thread (FST streams are not thread-safe, and cost too much to build per call).
 */
final class FstStreams {

  /** A thread's output buffer grown past this by a large value is dropped, not kept. */
  private static final int KEPT_BUFFER_BYTES = 1 << 20;
  private static final byte[] NO_BYTES = new byte[0];

  private final FSTConfiguration configuration;
  private final ThreadLocal<FSTObjectOutput> output;
  private final ThreadLocal<DepthLimitedInput> input;

  FstStreams(ClassLoader classLoader, DecodingPolicy policy) {
    configuration = FSTConfiguration.createDefaultConfiguration();
    configuration.setClassLoader(classLoader);
    if (policy.restrictsClasses()) {
      configuration.setVerifier(type -> {
        if (!policy.allowsClass(type.getName())) {
          throw new DisallowedClassException(FstCodec.ID, type.getName());
        }
        return true;
      });
    }
    output = ThreadLocal.withInitial(() -> {
      FSTObjectOutput out = new FSTObjectOutput(configuration);
      out.setListener(new WriteChecks(policy));
      return out;
    });
    input = ThreadLocal.withInitial(() -> new DepthLimitedInput(configuration,
        policy.maxDepth()));
  }

  byte[] write(Object value) throws IOException {
    FSTObjectOutput out = output.get();
    try {
      out.resetForReUse();
      out.writeObject(value);
      return out.getCopyOfWrittenBuffer();
    } finally {
      if (out.getBuffer().length > KEPT_BUFFER_BYTES) {
        output.remove();
      }
    }
  }

  Object read(byte[] bytes) throws Exception {
    DepthLimitedInput in = input.get();
    try {
      in.start(bytes);
      return in.readObject();
    } finally {
      in.start(NO_BYTES); // let go of the caller's bytes
    }
  }

  /**
   * Refuses, before they reach a blob, values FST could not read back: records (FST writes
   * them but cannot construct them) and classes the decoding policy does not allow.
   */
  private static final class WriteChecks implements FSTSerialisationListener {

    private final DecodingPolicy policy;

    WriteChecks(DecodingPolicy policy) {
      this.policy = policy;
    }

    @Override
    public void objectWillBeWritten(Object object, int streamPosition) {
      Class<?> type = object.getClass();
      if (type.isRecord()) {
        throw new CodecException("fst codec: cannot store a value holding a record ("
            + type.getName() + "): FST cannot read records back. Use the fory or jdk codec "
            + "for this cache, or make the record a class");
      }
      if (!policy.allowsClass(type.getName())) {
        throw new DisallowedClassException(FstCodec.ID, type.getName());
      }
    }

    @Override
    public void objectHasBeenWritten(Object object, int startPosition, int endPosition) {}
  }
}
