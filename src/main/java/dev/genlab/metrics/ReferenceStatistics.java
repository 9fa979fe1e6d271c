package dev.genlab.metrics;

import dev.genlab.core.GenlabException;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.safetensors.DType;
import dev.genlab.data.safetensors.SafeTensors;
import dev.genlab.data.safetensors.Tensor;
import dev.genlab.metrics.classifier.ClassifierModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Feature statistics of real data, computed once with the classifier and shipped beside it, so that
 * {@code eval} and {@code bench} need no dataset: the test split's mean ({@code mu}) and covariance
 * ({@code sigma}) in float64, its feature rows ({@code features}) for KID and precision/recall, and the rows
 * of a training subset ({@code train_features}) for the real-vs-real floor.
 */
public record ReferenceStatistics(FeatureStatistics test, float[][] testFeatures, float[][] trainFeatures,
        String source) {

    public static final String FILE = "reference.safetensors";

    public static ReferenceStatistics compute(ClassifierModel classifier, ImageDataset test, ImageDataset trainSubset) {
        float[][] testFeatures = classifier.run(test.pixels(), test.size()).features();
        float[][] trainFeatures = classifier.run(trainSubset.pixels(), trainSubset.size()).features();
        return new ReferenceStatistics(FeatureStatistics.of(testFeatures), testFeatures, trainFeatures,
                test.source() + "; real-vs-real rows: " + trainSubset.size() + " training images");
    }

    public void write(Path dir) {
        int d = test.dimension();
        double[] sigma = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(test.covariance()[i], 0, sigma, i * d, d);
        }
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(doubles("mu", new long[] {d}, test.mean()));
        tensors.add(doubles("sigma", new long[] {d, d}, sigma));
        tensors.add(rows("features", testFeatures));
        tensors.add(rows("train_features", trainFeatures));
        SafeTensors.write(dir.resolve(FILE), tensors, Map.of("source", source, "count", String.valueOf(test.count())));
    }

    public static ReferenceStatistics read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new GenlabException("no " + FILE + " in " + dir + ": the quality metrics need the classifier's "
                    + "reference statistics (train it with `genlab train classifier --out " + dir + "`)");
        }
        SafeTensors.Contents c = SafeTensors.read(file);
        float[] mu = c.get("mu", file).toFloats();
        Tensor sigmaT = c.get("sigma", file);
        int d = mu.length;
        if (sigmaT.elementCount() != (long) d * d) {
            throw new GenlabException(file + ": sigma is not " + d + "x" + d);
        }
        double[] mean = readDoubles(c.get("mu", file));
        double[] sigma = readDoubles(sigmaT);
        double[][] cov = new double[d][d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(sigma, i * d, cov[i], 0, d);
        }
        float[][] features = toRows(c.get("features", file), d, file);
        float[][] train = toRows(c.get("train_features", file), d, file);
        int count = Integer.parseInt(c.metadata().getOrDefault("count", String.valueOf(features.length)));
        return new ReferenceStatistics(new FeatureStatistics(mean, cov, count), features, train,
                c.metadata().getOrDefault("source", "unknown"));
    }

    private static Tensor doubles(String name, long[] shape, double[] values) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return new Tensor(name, DType.F64, shape, b.array());
    }

    private static double[] readDoubles(Tensor t) {
        if (t.dtype() != DType.F64) {
            float[] f = t.toFloats();
            double[] out = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
            return out;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(t.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) t.elementCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getDouble();
        }
        return out;
    }

    /** Feature rows are stored as fp16: plenty for distances, and half the size. */
    private static Tensor rows(String name, float[][] rows) {
        int d = rows[0].length;
        float[] flat = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return Tensor.ofFloats(name, new long[] {rows.length, d}, flat, DType.F16);
    }

    private static float[][] toRows(Tensor t, int d, Path file) {
        if (t.shape().length != 2 || t.shape()[1] != d) {
            throw new GenlabException(file + ": " + t.name() + " is not (N, " + d + ")");
        }
        float[] flat = t.toFloats();
        float[][] out = new float[(int) t.shape()[0]][];
        for (int i = 0; i < out.length; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
        }
        return out;
    }
}
