/**
 * Built-in {@link dev.filebacked.spi.Codec codecs}. The default is
 * {@link dev.filebacked.core.codec.JavaSerializationCodec}: any {@link java.io.Serializable}
 * value, with fast paths for the common simple types and an {@link java.io.ObjectInputFilter}.
 */
package dev.filebacked.core.codec;
