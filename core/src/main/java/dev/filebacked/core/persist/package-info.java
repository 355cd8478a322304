/**
 * What makes a pool persistent: the {@link dev.filebacked.core.persist.Journal} of its changes
 * (CRC-checked records with sequence numbers, appended to segment files), the
 * {@link dev.filebacked.core.persist.Checkpoint} that a clean close leaves for a fast reopen, and
 * the {@link dev.filebacked.core.persist.Recovery} that rebuilds the index from both after any
 * stop, clean or not. The values themselves stay in the blob store; the journal only says which
 * version of which key is current.
 */
package dev.filebacked.core.persist;
