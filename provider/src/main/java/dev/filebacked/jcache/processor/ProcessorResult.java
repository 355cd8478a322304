package dev.filebacked.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** One key's outcome in {@code invokeAll}: a value, or the failure {@link #get} throws. */
public record ProcessorResult<T>(T value, EntryProcessorException failure)
    implements EntryProcessorResult<T> {

  public static <T> ProcessorResult<T> of(T value) {
    return new ProcessorResult<>(value, null);
  }

  public static <T> ProcessorResult<T> failed(EntryProcessorException failure) {
    return new ProcessorResult<>(null, failure);
  }

  @Override
  public T get() {
    if (failure != null) {
      throw failure;
    }
    return value;
  }
}
