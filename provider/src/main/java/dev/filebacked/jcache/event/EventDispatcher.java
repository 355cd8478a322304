package dev.filebacked.jcache.event;

import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.EventType;

/**
 * Delivers a cache's entry events to its registered listeners.
 *
 * <p>The cache publishes while it holds the key's lock, so events of one key are published in
 * the order their changes happened. A synchronous listener runs right there, on the caller's
 * thread, so it has run before the cache operation returns; its failure reaches the caller as a
 * {@code CacheEntryListenerException} (the change itself stays made). Asynchronous deliveries
 * run on an executor, chained per key so that one key's events arrive in order while different
 * keys proceed in parallel; their failures are logged.
 */
public final class EventDispatcher<K, V> {

  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  private final Cache<K, V> source;
  private final Executor executor;
  private final CopyOnWriteArrayList<ListenerRegistration<K, V>> registrations =
      new CopyOnWriteArrayList<>();
  /** The last asynchronous delivery queued per key; the next one chains after it. */
  private final ConcurrentHashMap<K, CompletableFuture<Void>> lastDelivery =
      new ConcurrentHashMap<>();
  private final AtomicBoolean asyncFailureLogged = new AtomicBoolean();
  private volatile boolean oldValuesWanted;

  public EventDispatcher(Cache<K, V> source, Executor executor) {
    this.source = source;
    this.executor = executor;
  }

  /** Registers a listener; the caller has checked it is not registered yet. */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    registrations.add(new ListenerRegistration<>(configuration));
    refreshOldValuesWanted();
  }

  /** Removes the listener registered with {@code configuration}, closing it. */
  public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    for (ListenerRegistration<K, V> registration : registrations) {
      if (registration.configuration.equals(configuration)
          && registrations.remove(registration)) {
        registration.close();
      }
    }
    refreshOldValuesWanted();
  }

  private void refreshOldValuesWanted() {
    oldValuesWanted = registrations.stream().anyMatch(ListenerRegistration::isOldValueRequired);
  }

  /**
   * Whether a listener wants old values, so an operation must read the value it replaces or
   * removes even when it would not otherwise (a value on disk costs a load).
   */
  public boolean oldValuesWanted() {
    return oldValuesWanted;
  }

  /** Whether any listener is registered: an event's value is worth reading. */
  public boolean listening() {
    return !registrations.isEmpty();
  }

  public void created(K key, V value) {
    publish(EventType.CREATED, key, value, null, false);
  }

  /** {@code oldValue} is {@code null} if the cache did not read it. */
  public void updated(K key, V value, V oldValue) {
    publish(EventType.UPDATED, key, value, oldValue, oldValue != null);
  }

  /** {@code oldValue} is {@code null} if the cache did not read it. */
  public void removed(K key, V oldValue) {
    publish(EventType.REMOVED, key, oldValue, oldValue, oldValue != null);
  }

  /** {@code oldValue} is {@code null} if the cache did not read it. */
  public void expired(K key, V oldValue) {
    publish(EventType.EXPIRED, key, oldValue, oldValue, oldValue != null);
  }

  private void publish(EventType type, K key, V value, V oldValue, boolean oldValueAvailable) {
    FileBackedEntryEvent<K, V> event = null;
    for (ListenerRegistration<K, V> registration : registrations) {
      if (!registration.listensTo(type)) {
        continue;
      }
      if (event == null) {
        event = new FileBackedEntryEvent<>(source, type, key, value, oldValue, oldValueAvailable);
      }
      if (registration.isSynchronous()) {
        registration.deliver(event);
      } else {
        deliverLater(key, registration, event);
      }
    }
  }

  private void deliverLater(K key, ListenerRegistration<K, V> registration,
      FileBackedEntryEvent<K, V> event) {
    Runnable delivery = () -> {
      try {
        registration.deliver(event);
      } catch (RuntimeException | Error e) {
        logAsyncFailure(event, e);
      }
    };
    CompletableFuture<Void> queued = lastDelivery.compute(key, (k, previous) -> {
      try {
        return previous == null ? CompletableFuture.runAsync(delivery, executor)
            : previous.thenRunAsync(delivery, executor);
      } catch (RejectedExecutionException e) {
        LOG.log(Level.DEBUG, "Event executor is shut down; dropped " + event, e);
        return previous;
      }
    });
    if (queued != null) {
      queued.whenComplete((ignored, error) -> lastDelivery.remove(key, queued));
    }
  }

  private void logAsyncFailure(FileBackedEntryEvent<K, V> event, Throwable error) {
    if (asyncFailureLogged.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "An asynchronous cache entry listener failed on " + event
          + "; later failures are logged at DEBUG", error);
    } else {
      LOG.log(Level.DEBUG, "An asynchronous cache entry listener failed on " + event, error);
    }
  }

  /** Deregisters and closes every listener. */
  public void close() {
    for (ListenerRegistration<K, V> registration : registrations) {
      registration.close();
    }
    registrations.clear();
  }
}
