/** Wiring the official JSR-107 TCK needs around the provider: the annotation tests' injector. */
package dev.filebacked.tck;
