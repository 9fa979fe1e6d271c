package dev.genlab.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds arrays holding NaN or ±∞, so that a failure names the tensor where it began. */
public final class NonFinite {

    private NonFinite() {}

    /**
     * The name of the first array (in the map's order) that holds a NaN or an infinity, if any. One
     * reduction per array and a single transfer to the host, so it is cheap enough for every training step.
     */
    public static Optional<String> first(Map<String, NDArray> arrays) {
        if (arrays.isEmpty()) {
            return Optional.empty();
        }
        NDManager anyManager = arrays.values().iterator().next().getManager();
        try (NDManager scratch = anyManager.newSubManager()) {
            List<String> names = new ArrayList<>();
            NDList peaks = new NDList();
            arrays.forEach((name, a) -> {
                if (a.size() > 0) {
                    // max |a| is NaN or ∞ exactly when a holds one (max propagates NaN)
                    NDArray peak = a.abs();
                    peak.attach(scratch);
                    NDArray m = peak.max().reshape(1);
                    m.attach(scratch);
                    peaks.add(m);
                    names.add(name);
                }
            });
            if (peaks.isEmpty()) {
                return Optional.empty();
            }
            NDArray all = NDArrays.concat(peaks);
            all.attach(scratch);
            float[] values = all.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    return Optional.of(names.get(i));
                }
            }
            return Optional.empty();
        }
    }
}
