package dev.filebacked.core.persist;

import java.util.UUID;

/**
 * A live entry as the journal knows it: the encoded key, its current version and when it expires
 * (in the pool's clock).
 */
public record IndexedEntry(byte[] key, UUID id, long expiresAt) {}
