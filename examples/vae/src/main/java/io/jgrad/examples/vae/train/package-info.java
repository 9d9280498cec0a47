/**
 * Training, evaluation, checkpoints and the pictures of a run; start at {@link io.jgrad.examples.vae.train.Trainer}.
 */
package io.jgrad.examples.vae.train;
