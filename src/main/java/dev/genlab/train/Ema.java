package dev.genlab.train;

import ai.djl.ndarray.NDArray;
import dev.genlab.nn.Parameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of some parameters (Karras et al. keep one of the generator, and sample
 * from it): kept as parameters of their own under another prefix, so checkpoints save it and a resumed
 * run continues it exactly.
 */
public final class Ema {

    /** A parameter and its average. Not a map keyed by NDArray: DJL's equals compares contents (hashCode 0),
     * so every zero-initialised bias of one shape would share a single entry and the others never move. */
    private record Pair(NDArray source, NDArray average) {}

    private final List<Pair> pairs = new ArrayList<>();
    private final float decay;

    /**
     * Adds a copy of every parameter named {@code prefix…} as {@code averagePrefix + prefix…}. Create it
     * with the network, before a checkpoint is restored into the parameters.
     */
    public Ema(Parameters params, String prefix, String averagePrefix, float decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
        }
        this.decay = decay;
        Map<String, NDArray> sources = new LinkedHashMap<>();
        params.all().forEach((name, a) -> {
            if (name.startsWith(prefix)) {
                sources.put(name, a);
            }
        });
        sources.forEach((name, a) -> pairs.add(new Pair(a, params.copyOf(averagePrefix + name, a))));
    }

    /** avg ← decay·avg + (1 − decay)·value, after each optimiser step. */
    public void update() {
        for (Pair p : pairs) {
            NDArray delta = p.source().sub(p.average());
            p.average().addi(delta.muli(1 - decay));
            delta.close();
        }
    }
}
