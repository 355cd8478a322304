/**
 * Built-in {@link dev.filebacked.spi.Codec codecs}. The default is
 * {@link dev.filebacked.core.codec.JavaSerializationCodec}: any {@link java.io.Serializable}
 * value, with fast paths for the common simple types and an {@link java.io.ObjectInputFilter}.
 * {@link dev.filebacked.core.codec.CodecProviders} finds any codec on the class path by id;
 * {@link dev.filebacked.core.codec.PerLoaderCodec} is the base of codecs over libraries that
 * bind to a class loader (the Fory and FST modules).
 */
package dev.filebacked.core.codec;
