package dev.genlab.doctor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One layer kind, computed forward and backward in float32 by the kernels genlab trains and generates with,
 * against the same layer in float64 (kernels that share nothing with the float32 ones), on memory left full
 * of NaN. It passes when the float32 results are finite, the same on a second run, and within a float32
 * tolerance of the reference, for the output and for the gradients of the input and of every parameter.
 *
 * @param build builds the layer on the given parameters and returns its forward pass
 * @param input the input's shape (batch first)
 */
record LayerCheck(String name, Function<Parameters, UnaryOperator<NDArray>> build, Shape input) {

    /** float32 against float64: sums over a few hundred terms stay well inside this. */
    static final double TOLERANCE = 2e-3;

    CheckResult run(NDManager root) {
        try (NDManager m = root.newSubManager(); Parameters p32 = new Parameters(m, 7)) {
            UnaryOperator<NDArray> f32 = build.apply(p32);
            // the float64 copies are taken once the layer has made its parameters: both hold the same values
            Parameters p64 = p32.copiesAs(DataType.FLOAT64);
            UnaryOperator<NDArray> f64 = build.apply(p64);
            SeededRandom r = new SeededRandom(11);
            float[] x = r.gaussians(Math.toIntExact(input.size()));
            Map<String, float[]> first = pass(m, f32, p32, x, DataType.FLOAT32);
            Map<String, float[]> second = pass(m, f32, p32, x, DataType.FLOAT32);
            Map<String, float[]> reference = pass(m, f64, p64, x, DataType.FLOAT64);
            List<String> problems = new ArrayList<>();
            // a gradient that is zero in exact arithmetic (a bias before a normalisation) is float32 noise
            // against float64's: compare every array on the scale of the largest reference value
            double floor = 1e-2 * reference.values().stream().mapToDouble(LayerCheck::peak).max().orElse(1);
            double worst = 0;
            for (var e : first.entrySet()) {
                float[] got = e.getValue();
                if (!allFinite(got)) {
                    problems.add(e.getKey() + " holds NaN or ±∞");
                    continue;
                }
                if (!Arrays.equals(got, second.get(e.getKey()))) {
                    problems.add(e.getKey() + " differs between two identical runs");
                }
                float[] ref = reference.get(e.getKey());
                double err = maxDifference(got, ref) / Math.max(peak(ref), floor);
                worst = Math.max(worst, err);
                if (!(err <= TOLERANCE)) {
                    problems.add(String.format(Locale.ROOT, "%s is off the float64 reference by %.1e", e.getKey(), err));
                }
            }
            String measured = String.format(Locale.ROOT, "%d outputs and gradients within %.1e of float64", first.size(),
                    worst);
            return problems.isEmpty() ? CheckResult.pass("layers", name, measured)
                    : CheckResult.fail("layers", name, String.join("; ", problems));
        } catch (RuntimeException e) {
            return CheckResult.fail("layers", name, "could not run: " + e.getMessage());
        }
    }

    /** Output and gradients (input, then each parameter) of sum(y · g) for a fixed random g. */
    private Map<String, float[]> pass(NDManager root, UnaryOperator<NDArray> f, Parameters params, float[] x,
            DataType type) {
        try (NDManager m = root.newSubManager()) {
            FreedMemory.poison(m, 4 * input.size());
            NDArray in = m.create(x, input).toType(type, false);
            in.setRequiresGradient(true);
            params.setTraining(true);
            Map<String, float[]> out = new LinkedHashMap<>();
            try (GradientRecording rec = GradientRecording.start()) {
                NDArray y = f.apply(in);
                float[] g = new SeededRandom(13).gaussians(Math.toIntExact(y.getShape().size()));
                NDArray weights = m.create(g, y.getShape()).toType(type, false);
                rec.backward(y.mul(weights).sum());
                out.put("output", toFloats(y));
            }
            out.put("input gradient", toFloats(in.getGradient()));
            params.all().forEach((name, a) -> {
                try (NDArray gradient = a.getGradient()) {
                    out.put("gradient of " + name, toFloats(gradient));
                    gradient.muli(0f); // gradients accumulate: the next pass starts from zero
                }
            });
            params.setTraining(false);
            return out;
        }
    }

    private static float[] toFloats(NDArray a) {
        return a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static double maxDifference(float[] a, float[] b) {
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
        }
        return diff;
    }

    static double peak(float[] a) {
        double peak = 0;
        for (float v : a) {
            peak = Math.max(peak, Math.abs(v));
        }
        return peak;
    }
}
