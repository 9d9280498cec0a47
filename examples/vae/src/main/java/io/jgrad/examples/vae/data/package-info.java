/**
 * MNIST and Fashion-MNIST: the IDX reader, the verified fetcher and cache, and byte-backed data sets that become
 * float batches one at a time.
 */
package io.jgrad.examples.vae.data;
