package dev.filebacked.jcache;

import dev.filebacked.jcache.management.DiskTierMXBean;
import dev.filebacked.jcache.management.MBeans;
import java.lang.management.ManagementFactory;
import javax.cache.Cache;
import javax.cache.management.CacheStatisticsMXBean;
import javax.management.JMX;

/** A cache's beans as a JMX client sees them, through the platform MBean server. */
final class Beans {

  private Beans() {}

  static DiskTierMXBean diskTier(Cache<?, ?> cache) {
    return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        MBeans.nameOf(MBeans.Kind.DISK_TIER, cache.getCacheManager().getURI(), cache.getName()),
        DiskTierMXBean.class);
  }

  static CacheStatisticsMXBean statistics(Cache<?, ?> cache) {
    return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
        MBeans.nameOf(MBeans.Kind.STATISTICS, cache.getCacheManager().getURI(), cache.getName()),
        CacheStatisticsMXBean.class);
  }
}
