/** Entry events: listener registrations, synchronous and per-key ordered asynchronous delivery. */
package dev.filebacked.jcache.event;
