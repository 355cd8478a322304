package dev.filebacked.examples.spring;

import java.io.Serializable;

/** What the catalog caches: a value FileBacked writes to disk when it leaves memory. */
public record Book(String isbn, String title, String author) implements Serializable {}
