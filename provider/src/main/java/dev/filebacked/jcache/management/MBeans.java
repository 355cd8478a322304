package dev.filebacked.jcache.management;

import java.lang.management.ManagementFactory;
import java.net.URI;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.cache.CacheException;

/**
 * Registers a cache's beans on the platform MBean server under the names JCache specifies:
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>},
 * and FileBacked's own {@code dev.filebacked:type=DiskTier,...}.
 */
public final class MBeans {

  /** The kinds of bean a cache registers. */
  public enum Kind {
    CONFIGURATION("javax.cache", "CacheConfiguration"),
    STATISTICS("javax.cache", "CacheStatistics"),
    DISK_TIER("dev.filebacked", "DiskTier");

    private final String domain;
    private final String type;

    Kind(String domain, String type) {
      this.domain = domain;
      this.type = type;
    }
  }

  private MBeans() {}

  /** The name of {@code kind}'s bean for a cache. */
  public static ObjectName nameOf(Kind kind, URI manager, String cache) {
    String name = kind.domain + ":type=" + kind.type + ",CacheManager=" + sanitize(
        manager.toString()) + ",Cache=" + sanitize(cache);
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("Invalid MBean name " + name, e);
    }
  }

  /** Characters that would break an unquoted ObjectName value become dots, as JCache's RI does. */
  private static String sanitize(String part) {
    return part.replaceAll("[,:=\n*?\"]", ".");
  }

  /** Registers {@code bean} unless a bean of that name is there already. */
  public static void register(Object bean, ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    } catch (InstanceAlreadyExistsException e) {
      // Registered meanwhile by the same cache: nothing to do.
    } catch (JMException e) {
      throw new CacheException("Cannot register MBean " + name, e);
    }
  }

  /** Unregisters the bean of {@code name} if it is there. */
  public static void unregister(ObjectName name) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException e) {
      // Unregistered meanwhile: nothing to do.
    } catch (JMException e) {
      throw new CacheException("Cannot unregister MBean " + name, e);
    }
  }
}
