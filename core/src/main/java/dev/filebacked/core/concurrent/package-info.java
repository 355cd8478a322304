/** Concurrency building blocks the engine and the JCache adapter share. */
package dev.filebacked.core.concurrent;
