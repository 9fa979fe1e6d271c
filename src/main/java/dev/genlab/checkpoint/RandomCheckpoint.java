package dev.genlab.checkpoint;

import dev.genlab.core.SeededRandom;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a checkpoint of the real architecture and size with random weights: what bench times when no real
 * weights are at hand. Weights are uniform in ±1/√fan-in (as PyTorch initialises layers), norms 1 and 0,
 * embeddings small; the same seed writes the same file. The metadata says what it is, so that everything
 * that reads it can say "random weights: timing only".
 */
public final class RandomCheckpoint {

    /** The metadata key that marks a random-weight checkpoint. */
    public static final String MARK = "genlab.random_weights";

    private RandomCheckpoint() {}

    public static void writeSd1(Path out, DType dtype, long seed) {
        List<Sd1Layout.Entry> entries = Sd1Layout.entries();
        List<SafeTensors.Spec> specs = new ArrayList<>();
        for (Sd1Layout.Entry e : entries) {
            specs.add(new SafeTensors.Spec(e.name(), e.init() == Sd1Layout.Init.POSITION_IDS ? DType.I64 : dtype,
                    e.shape()));
        }
        // ordered (Map.of's order changes from run to run): the same seed writes the same bytes
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        metadata.put(MARK, "Stable Diffusion 1.x layout, seed " + seed + ": random weights, for timing only");
        metadata.put("format", "pt");
        int[] next = {0}; // SafeTensors.write asks for the tensors in the order of specs
        SafeTensors.write(out, specs, metadata, (spec, stream) -> {
            int index = next[0]++;
            stream.write(values(entries.get(index), spec.dtype(), SeededRandom.derive(seed, index)).data());
        });
    }

    private static Tensor values(Sd1Layout.Entry e, DType dtype, SeededRandom random) {
        if (e.init() == Sd1Layout.Init.POSITION_IDS) {
            long[] ids = new long[(int) e.shape()[1]];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            return new Tensor(e.name(), DType.I64, e.shape(), Tensor.ofLongs(e.name(), ids).data());
        }
        int n = (int) Tensor.elementCount(e.shape());
        float[] v = new float[n];
        switch (e.init()) {
            case ONE -> java.util.Arrays.fill(v, 1f);
            case ZERO -> { }
            case EMBEDDING -> fillUniform(v, random, 0.035);
            case FAN_IN -> fillUniform(v, random, 1 / Math.sqrt((double) n / e.shape()[0]));
            default -> throw new IllegalStateException(e.init().name());
        }
        return Tensor.ofFloats(e.name(), e.shape(), v, dtype);
    }

    private static void fillUniform(float[] v, SeededRandom random, double bound) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
    }
}
