/**
 * Management: JCache's statistics and configuration MXBeans, FileBacked's disk-tier MXBean, and
 * their registration on the platform MBean server.
 */
package dev.filebacked.jcache.management;
