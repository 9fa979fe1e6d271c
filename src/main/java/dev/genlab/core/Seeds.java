package dev.genlab.core;

/** Runs of consecutive seeds: image i of a request made with seed S has seed S + i. */
public final class Seeds {

    private Seeds() {}

    /** first, first + 1, …, first + count − 1. */
    public static long[] range(long first, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("a seed range cannot have " + count + " seeds");
        }
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = first + i;
        }
        return seeds;
    }
}
