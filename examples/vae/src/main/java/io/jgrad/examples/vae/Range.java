package io.jgrad.examples.vae;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric option accepts, checked by {@link Main} for every command right after parsing, before
 * anything runs: {@code --batch 0} is refused with one line that names the option and its range.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Range {
    double min();

    /** The largest value accepted. */
    double max() default Double.MAX_VALUE;

    /** Whether {@link #min} itself is refused (a learning rate must be above 0, not 0). */
    boolean aboveMin() default false;

    /** Whether the largest value is the number of cores this machine has (for thread counts). */
    boolean atMostCores() default false;
}
