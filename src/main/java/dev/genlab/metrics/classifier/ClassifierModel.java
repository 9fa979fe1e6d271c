package dev.genlab.metrics.classifier;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageDataset;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import java.util.List;

/** A trained classifier: class probabilities and the penultimate-layer features of images. */
public final class ClassifierModel implements AutoCloseable {

    public static final String FAMILY = "classifier";
    private static final int BATCH = 500;

    private final ClassifierNetwork net;
    private final NDManager manager;

    ClassifierModel(ClassifierNetwork net, NDManager manager) {
        this.net = net;
        this.manager = manager;
    }

    public static ClassifierModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        if (!FAMILY.equals(m.family())) {
            throw new GenlabException("model " + dir.name() + " is a " + m.family() + ", not a classifier");
        }
        ClassifierConfig config = ClassifierConfig.fromJson(m.image(), m.classes(), m.network());
        var loaded = Parameters.load(parent, dir.weights(), p -> new ClassifierNetwork(config, p));
        return new ClassifierModel(loaded.network(), loaded.manager());
    }

    public List<String> classNames() {
        return net.config().classes();
    }

    public int featureDim() {
        return net.config().featureDim();
    }

    /** Features (N, D) and class probabilities (N, K) of images of the classifier's size. */
    public record Outputs(float[][] features, float[][] probabilities) {

        public int predicted(int i) {
            int best = 0;
            for (int c = 1; c < probabilities[i].length; c++) {
                if (probabilities[i][c] > probabilities[i][best]) {
                    best = c;
                }
            }
            return best;
        }
    }

    /** Features and class probabilities of images, each first rounded to 8 bits as a PNG would store it. */
    public Outputs run(List<Image> images) {
        var shape = net.config().image();
        int n = shape.channels() * shape.height() * shape.width();
        float[] flat = new float[images.size() * n];
        for (int i = 0; i < images.size(); i++) {
            Image im = images.get(i);
            if (im.channels() != shape.channels() || im.height() != shape.height() || im.width() != shape.width()) {
                throw new GenlabException("the classifier takes " + shape.size() + "x" + shape.channels()
                        + " images, got " + im.width() + "x" + im.height() + "x" + im.channels());
            }
            // scored as saved: each value rounded to the 8 bits a PNG keeps (real images already are), so that
            // a figure describes the files a user keeps, not floats that were never written
            float[] px = im.pixels();
            for (int j = 0; j < n; j++) {
                flat[i * n + j] = Image.toByte(px[j]) / 255f;
            }
        }
        return run(flat, images.size());
    }

    /** @param flat (N, C, H, W) values in [0, 1] */
    public Outputs run(float[] flat, int count) {
        var shape = net.config().image();
        int n = shape.channels() * shape.height() * shape.width();
        int d = net.config().featureDim();
        int k = net.config().classes().size();
        float[][] features = new float[count][];
        float[][] probs = new float[count][];
        for (int from = 0; from < count; from += BATCH) {
            int b = Math.min(BATCH, count - from);
            float[] chunk = new float[b * n];
            System.arraycopy(flat, from * n, chunk, 0, b * n);
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(chunk, new Shape(b, shape.channels(), shape.height(), shape.width()));
                ClassifierNetwork.Output out = net.forward(x, null);
                float[] f = out.features().toFloatArray();
                float[] p = out.logits().softmax(1).toFloatArray();
                for (int i = 0; i < b; i++) {
                    features[from + i] = java.util.Arrays.copyOfRange(f, i * d, (i + 1) * d);
                    probs[from + i] = java.util.Arrays.copyOfRange(p, i * k, (i + 1) * k);
                }
            }
        }
        return new Outputs(features, probs);
    }

    /** Overall and per-class accuracy on a labelled dataset. */
    public record Accuracy(double overall, double[] perClass, int[] perClassCount) {}

    public Accuracy accuracy(ImageDataset data) {
        Outputs out = run(data.pixels(), data.size());
        int k = net.config().classes().size();
        int[] correct = new int[k];
        int[] count = new int[k];
        int total = 0;
        for (int i = 0; i < data.size(); i++) {
            int label = data.labels()[i];
            if (label < 0 || label >= k) {
                continue;
            }
            count[label]++;
            if (out.predicted(i) == label) {
                correct[label]++;
                total++;
            }
        }
        double[] per = new double[k];
        int all = 0;
        for (int c = 0; c < k; c++) {
            per[c] = count[c] == 0 ? Double.NaN : (double) correct[c] / count[c];
            all += count[c];
        }
        return new Accuracy((double) total / Math.max(1, all), per, count);
    }

    @Override
    public void close() {
        manager.close();
    }
}
