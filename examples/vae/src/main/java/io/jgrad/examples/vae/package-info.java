/**
 * The {@code ./vae} command line: {@link io.jgrad.examples.vae.Main} and one class per command; start reading at
 * {@link io.jgrad.examples.vae.TrainCommand}.
 */
package io.jgrad.examples.vae;
