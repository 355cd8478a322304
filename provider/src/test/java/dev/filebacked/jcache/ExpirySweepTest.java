package dev.filebacked.jcache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.filebacked.spi.FileBackedCache;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;
import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.jcache.management.MBeans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Expired entries leave memory and disk without being touched again: the background sweep
 * removes them, deletes their blobs and fires their EXPIRED events.
 */
class ExpirySweepTest {

  @RegisterExtension
  final ProviderFixture fixture = new ProviderFixture("sweep-test");

  @Test
  void untouchedExpiredEntriesLeaveMemoryAndDiskWithTheirEvents() throws InterruptedException {
    Properties properties = new Properties();
    properties.setProperty("filebacked.expiry-sweep-interval", "PT0.05S");
    properties.setProperty("filebacked.default.memory.maximum-entries", "1");
    var manager = fixture.manager(properties);

    int entries = 10;
    CountDownLatch allExpired = new CountDownLatch(entries);
    ConcurrentLinkedQueue<CacheEntryEvent<?, ?>> expired = new ConcurrentLinkedQueue<>();
    CacheEntryExpiredListener<Integer, String> listener = events -> events.forEach(event -> {
      expired.add(event);
      allExpired.countDown();
    });
    Factory<CacheEntryListener<? super Integer, ? super String>> listenerFactory =
        () -> listener;
    FileBackedConfiguration<Integer, String> configuration = new FileBackedConfiguration<>();
    configuration.setStatisticsEnabled(true);
    configuration.setExpiryPolicyFactory(
        FactoryBuilder.factoryOf(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS,
            300))));
    configuration.addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
        listenerFactory, null, true, true));
    Cache<Integer, String> cache = manager.createCache("expiring", configuration);
    for (int i = 0; i < entries; i++) {
      cache.put(i, "value-" + i);
    }
    FileBackedCache<?, ?> fileBacked = cache.unwrap(FileBackedCache.class);
    fileBacked.flush();
    DiskTierMXBean disk = JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        MBeans.nameOf(MBeans.Kind.DISK_TIER, manager.getURI(), "expiring"),
        DiskTierMXBean.class);
    assertThat(disk.getBlobsOnDisk()).isEqualTo(entries - 1);

    // Nothing reads the cache from here on: only the sweep can expire the entries.
    assertThat(allExpired.await(30, TimeUnit.SECONDS)).isTrue();
    fileBacked.flush();
    assertThat(disk.getEntries()).isZero();
    assertThat(disk.getBlobsOnDisk()).isZero();
    assertThat(JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        MBeans.nameOf(MBeans.Kind.STATISTICS, manager.getURI(), "expiring"),
        CacheStatisticsMXBean.class).getCacheGets()).isZero();
    // Old values were asked for, so each event carries the value, also those read from disk.
    assertThat(expired).allSatisfy(event -> {
      assertThat(event.getValue()).isEqualTo("value-" + event.getKey());
      assertThat(event.getOldValue()).isEqualTo(event.getValue());
    });
    assertThat(expired.stream().map(CacheEntryEvent::getKey).distinct().count())
        .isEqualTo(entries);
    assertThat(List.copyOf(expired)).hasSize(entries);
  }
}
