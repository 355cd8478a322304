package dev.filebacked.core.testing.powercut;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A channel on a file or directory under the power-cut root. Reads go straight to the real
 * channel. Writes, truncates and transfers into the file run as mutations of the
 * {@link MutationGate} and bump the file's version once done. {@code force} does not reach the
 * disk (the real directory is a scratch area; only the model's durable state matters, and
 * skipping the real fsync keeps tests fast): on a file it copies the current content into the
 * model as durable, on a directory it makes the directory's entries durable.
 *
 * <p>A writable mapping is refused: writes through it would bypass the model.
 */
final class PowerCutFileChannel extends FileChannel {

  private final FileChannel channel;
  /** Reads the file for force snapshots: {@link #channel} itself if readable. */
  private final FileChannel reader;
  private final Node node;
  private final Namespace namespace;
  private final MutationGate gate;

  PowerCutFileChannel(Namespace.Opened opened, Namespace namespace, MutationGate gate) {
    this.channel = opened.channel();
    this.reader = opened.reader();
    this.node = opened.node();
    this.namespace = namespace;
    this.gate = gate;
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    return channel.read(destination);
  }

  @Override
  public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
    return channel.read(destinations, offset, length);
  }

  @Override
  public int read(ByteBuffer destination, long position) throws IOException {
    return channel.read(destination, position);
  }

  @Override
  public int write(ByteBuffer source) throws IOException {
    return changing(() -> channel.write(source));
  }

  @Override
  public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
    return changing(() -> channel.write(sources, offset, length));
  }

  @Override
  public int write(ByteBuffer source, long position) throws IOException {
    return changing(() -> channel.write(source, position));
  }

  @Override
  public long position() throws IOException {
    return channel.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    channel.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return channel.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    changing(() -> channel.truncate(size));
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (!channel.isOpen()) {
      throw new ClosedChannelException();
    }
    if (node instanceof TrackedDirectory directory) {
      namespace.sync(directory);
    } else {
      TrackedFile file = (TrackedFile) node;
      gate.mutate(() -> {
        long version = file.version();
        file.forced(readAll(reader), version);
        return null;
      });
    }
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target)
      throws IOException {
    return channel.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel source, long position, long count)
      throws IOException {
    return changing(() -> channel.transferFrom(source, position, count));
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    if (mode == MapMode.READ_WRITE) {
      throw new UnsupportedOperationException("The power-cut layer cannot see writes through a "
          + "writable mapping; map READ_ONLY or PRIVATE, or write through the channel");
    }
    return channel.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return new Lock(this, channel.lock(position, size, shared));
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    FileLock lock = channel.tryLock(position, size, shared);
    return lock == null ? null : new Lock(this, lock);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    try {
      channel.close();
    } finally {
      if (reader != channel) {
        reader.close();
      }
    }
  }

  /** Runs a change of the file's content as a mutation, and records it once done. */
  private <T> T changing(MutationGate.IoAction<T> change) throws IOException {
    return gate.mutate(() -> {
      try {
        return change.run();
      } finally {
        if (node instanceof TrackedFile file) {
          file.changed();
        }
      }
    });
  }

  private static byte[] readAll(FileChannel channel) throws IOException {
    long size = channel.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("The power-cut layer keeps durable content in memory; a file of "
          + size + " bytes is too large for it");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) size);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) >= 0) {
      // reads until full, or until the end if the file shrank meanwhile
    }
    return buffer.hasRemaining() ? Arrays.copyOf(buffer.array(), buffer.position())
        : buffer.array();
  }

  /** The real lock, answering {@link #channel()} with this channel rather than the real one. */
  private static final class Lock extends FileLock {

    private final FileLock lock;

    Lock(PowerCutFileChannel channel, FileLock lock) {
      super(channel, lock.position(), lock.size(), lock.isShared());
      this.lock = lock;
    }

    @Override
    public boolean isValid() {
      return lock.isValid();
    }

    @Override
    public void release() throws IOException {
      lock.release();
    }
  }
}
