package dev.filebacked.jcache.management;

import dev.filebacked.core.pool.PoolStats;
import java.net.URI;
import java.util.function.Supplier;
import javax.cache.configuration.CompleteConfiguration;
import javax.management.ObjectName;

/**
 * Puts one cache's three beans on the platform MBean server and takes them off: the
 * configuration bean while management is enabled, the statistics and disk-tier beans while
 * statistics are, none once the cache is closed. The cache says what changed; this class knows
 * which bean that concerns and under which name.
 */
public final class MBeanRegistrar {

  private final Supplier<CompleteConfiguration<?, ?>> configuration;
  private final CacheConfigurationBean configurationBean;
  private final JCacheStatistics statisticsBean;
  private final DiskTierStatistics diskTierBean;
  private final ObjectName configurationName;
  private final ObjectName statisticsName;
  private final ObjectName diskTierName;

  public MBeanRegistrar(URI manager, String cache,
      Supplier<CompleteConfiguration<?, ?>> configuration, JCacheStatistics statistics,
      Supplier<PoolStats> diskTier) {
    this.configuration = configuration;
    this.configurationBean = new CacheConfigurationBean(configuration);
    this.statisticsBean = statistics;
    this.diskTierBean = new DiskTierStatistics(diskTier);
    this.configurationName = MBeans.nameOf(MBeans.Kind.CONFIGURATION, manager, cache);
    this.statisticsName = MBeans.nameOf(MBeans.Kind.STATISTICS, manager, cache);
    this.diskTierName = MBeans.nameOf(MBeans.Kind.DISK_TIER, manager, cache);
  }

  /** The disk-tier bean, registered or not (what {@code Cache.unwrap(DiskTierMXBean.class)} returns). */
  public DiskTierMXBean diskTier() {
    return diskTierBean;
  }

  /** Registers the beans a new cache's configuration enables. */
  public void registerEnabled() {
    if (configuration.get().isManagementEnabled()) {
      managementEnabled(true);
    }
    if (configuration.get().isStatisticsEnabled()) {
      statisticsEnabled(true);
    }
  }

  /** Registers or unregisters the configuration bean, as management is enabled or not. */
  public void managementEnabled(boolean enabled) {
    if (enabled) {
      MBeans.register(configurationBean, configurationName);
    } else {
      MBeans.unregister(configurationName);
    }
  }

  /** Registers or unregisters the statistics and disk-tier beans, as statistics are or not. */
  public void statisticsEnabled(boolean enabled) {
    if (enabled) {
      MBeans.register(statisticsBean, statisticsName);
      MBeans.register(diskTierBean, diskTierName);
    } else {
      MBeans.unregister(statisticsName);
      MBeans.unregister(diskTierName);
    }
  }

  /** Unregisters every bean of the cache; called when it closes. */
  public void unregisterAll() {
    statisticsEnabled(false);
    managementEnabled(false);
  }
}
