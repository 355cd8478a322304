package dev.filebacked.jcache.event;

import dev.filebacked.jcache.integration.Closeables;
import java.util.List;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** A registered listener, made from its configuration's factories, with its optional filter. */
final class ListenerRegistration<K, V> {

  final CacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;

  ListenerRegistration(CacheEntryListenerConfiguration<K, V> configuration) {
    this.configuration = configuration;
    this.listener = configuration.getCacheEntryListenerFactory().create();
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        configuration.getCacheEntryEventFilterFactory();
    this.filter = filterFactory == null ? null : filterFactory.create();
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  boolean isOldValueRequired() {
    return configuration.isOldValueRequired();
  }

  /** Whether the listener implements the sub-interface for {@code type}. */
  boolean listensTo(EventType type) {
    return switch (type) {
      case CREATED -> listener instanceof CacheEntryCreatedListener;
      case UPDATED -> listener instanceof CacheEntryUpdatedListener;
      case REMOVED -> listener instanceof CacheEntryRemovedListener;
      case EXPIRED -> listener instanceof CacheEntryExpiredListener;
    };
  }

  /**
   * Hands {@code event} to the listener if the filter lets it through. A listener's runtime
   * failure comes back as a {@link CacheEntryListenerException}; errors pass as they are.
   */
  @SuppressWarnings("unchecked")
  void deliver(FileBackedEntryEvent<K, V> event) {
    try {
      if (filter != null && !filter.evaluate(event)) {
        return;
      }
      List<FileBackedEntryEvent<K, V>> events = List.of(event);
      switch (event.getEventType()) {
        case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(cast(events));
        case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(cast(events));
        case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(cast(events));
        case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(cast(events));
        default -> throw new IllegalStateException("Unknown event type " + event);
      }
    } catch (CacheEntryListenerException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheEntryListenerException("Cache entry listener " + listener
          + " failed on " + event, e);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <T> Iterable<T> cast(List<?> events) {
    return (Iterable) events;
  }

  /** Closes the listener and filter if they hold resources. */
  void close() {
    Closeables.closeQuietly(listener);
    Closeables.closeQuietly(filter);
  }
}
