package dev.filebacked.spi;

/**
 * When a change to a persistent cache is durable: kept through a crash of the process or of the
 * machine. Whatever the setting, a crash never tears a value, never brings back a removed
 * value that was durably removed, and never lets an older version of a key win over a newer
 * durable one: changes carry sequence numbers, and every value is checksummed.
 */
public enum Durability {

  /**
   * The default. What {@code flush()} or a clean close covered is durable; a crash of the machine
   * may lose the changes made since (each whole, or not at all, per key in the order they were
   * made), a killed process loses nothing that returned: every change reaches the operating
   * system before the call returns. Costs no fsync per change.
   */
  ON_FLUSH,

  /**
   * Every change that returned is durable: its value and the journal record naming it are
   * fsynced before the call returns. Concurrent changes share the journal's fsync (group
   * commit), but each value still costs its own fsync, so a put takes about a millisecond on a
   * disk with a real cache flush.
   */
  FSYNC
}
