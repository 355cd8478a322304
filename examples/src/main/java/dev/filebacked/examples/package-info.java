/** Small runnable programs that show FileBacked at work; the README's quick start is one. */
package dev.filebacked.examples;
