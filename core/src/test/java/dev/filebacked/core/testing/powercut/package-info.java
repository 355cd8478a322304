/**
 * A filesystem for tests that simulates a power cut: {@link
 * dev.filebacked.core.testing.powercut.PowerCutFileSystem} runs production code on a real
 * directory while recording what it made durable, and builds on demand a directory state that
 * a power cut could leave.
 */
package dev.filebacked.core.testing.powercut;
