/**
 * JMH benchmarks: matrix products on the CPU backends and against the CUDA backend, and one VAE training step.
 * Run them with {@code java @benchmarks/target/jvm.args -jar benchmarks/target/benchmarks.jar NAME}.
 */
package io.jgrad.benchmarks;
