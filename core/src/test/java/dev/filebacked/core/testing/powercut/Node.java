package dev.filebacked.core.testing.powercut;

/**
 * What a directory entry names in the model: a {@link TrackedFile} or a
 * {@link TrackedDirectory}. Nodes are identities, like inodes: two entries naming one node are
 * hard links.
 */
sealed interface Node permits TrackedFile, TrackedDirectory {}
