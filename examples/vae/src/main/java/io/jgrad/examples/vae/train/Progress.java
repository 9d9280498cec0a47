package io.jgrad.examples.vae.train;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how an epoch is going: a progress bar (step, running loss, images per second, time left) on a terminal,
 * and otherwise a plain line every few seconds, so logs stay readable.
 */
abstract class Progress implements AutoCloseable {

    /** A bar when standard error is a terminal, else plain lines. */
    static Progress start(int epoch, int steps, PrintStream log) {
        return System.console() != null ? new Bar(epoch, steps) : new Lines(epoch, steps, log);
    }

    /** Reports that {@code step} (1-based) is done, with the running mean per-image loss and the images seen. */
    abstract void update(int step, double runningLoss, long images, double seconds);

    @Override
    public abstract void close();

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(int epoch, int steps) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch).setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).continuousUpdate().build();
        }

        @Override
        void update(int step, double runningLoss, long images, double seconds) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format("loss %.2f  %.0f img/s", runningLoss, images / Math.max(seconds, 1e-9)));
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final int epoch;
        private final int steps;
        private final PrintStream log;
        private double lastPrinted;

        Lines(int epoch, int steps, PrintStream log) {
            this.epoch = epoch;
            this.steps = steps;
            this.log = log;
        }

        @Override
        void update(int step, double runningLoss, long images, double seconds) {
            if (seconds - lastPrinted >= 10 && step < steps) {
                lastPrinted = seconds;
                double rate = images / Math.max(seconds, 1e-9);
                log.printf("epoch %d step %d/%d loss %.2f images/s %.0f left %.0fs%n", epoch, step, steps, runningLoss,
                        rate, (steps - step) * (seconds / step));
            }
        }

        @Override
        public void close() {
        }
    }
}
