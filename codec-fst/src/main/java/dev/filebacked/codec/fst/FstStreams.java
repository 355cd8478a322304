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
      out.setListener(RecordRefusal.INSTANCE);
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

  /** FST writes records but cannot read them back: refuse them before they reach a blob. */
  private enum RecordRefusal implements FSTSerialisationListener {
    INSTANCE;

    @Override
    public void objectWillBeWritten(Object object, int streamPosition) {
      if (object.getClass().isRecord()) {
        throw new CodecException("fst codec: cannot store a value holding a record ("
            + object.getClass().getName() + "): FST cannot read records back. Use the fory "
            + "or jdk codec for this cache, or make the record a class");
      }
    }

    @Override
    public void objectHasBeenWritten(Object object, int startPosition, int endPosition) {}
  }
}
