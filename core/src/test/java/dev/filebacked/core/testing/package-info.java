/** Test doubles for the engine: an in-memory store, a gated store, a manual executor. */
package dev.filebacked.core.testing;
