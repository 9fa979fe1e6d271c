package dev.genlab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class VectorQuantizerTest {

    static final int K = 5;
    static final int D = 3;

    @Test
    void eachVectorGetsItsNearestCode() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 1)) {
            VectorQuantizer vq = new VectorQuantizer(p, "vq", K, D, 0.9f);
            float[] book = new SeededRandom(2).gaussians(K * D);
            Parameters.replaceValues(p.all().get("vq.codebook"), book);
            float[] z = new SeededRandom(3).gaussians(2 * D * 3 * 4); // (2, D, 3, 4)
            VectorQuantizer.Result r = vq.quantise(m.create(z, new Shape(2, D, 3, 4)));
            long[] idx = r.indices().toLongArray();
            float[] q = r.quantised().toFloatArray();
            double commitment = 0;
            for (int b = 0; b < 2; b++) {
                for (int pos = 0; pos < 12; pos++) {
                    int best = 0;
                    double bestD = Double.MAX_VALUE;
                    for (int k = 0; k < K; k++) {
                        double d = 0;
                        for (int c = 0; c < D; c++) {
                            double diff = z[(b * D + c) * 12 + pos] - book[k * D + c];
                            d += diff * diff;
                        }
                        if (d < bestD) {
                            bestD = d;
                            best = k;
                        }
                    }
                    assertThat(idx[b * 12 + pos]).isEqualTo(best);
                    for (int c = 0; c < D; c++) {
                        assertThat(q[(b * D + c) * 12 + pos]).isCloseTo(book[best * D + c], Offset.offset(1e-5f));
                    }
                    commitment += bestD;
                }
            }
            assertThat((double) r.commitment().getFloat()).isCloseTo(commitment / (24 * D), Offset.offset(1e-5));
        }
    }

    @Test
    void theStraightThroughGradientReachesTheEncoderUnchanged() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 1)) {
            VectorQuantizer vq = new VectorQuantizer(p, "vq", K, D, 0.9f);
            NDArray z = m.create(new SeededRandom(4).gaussians(D * 4), new Shape(1, D, 2, 2));
            z.setRequiresGradient(true);
            float[] weights = new SeededRandom(5).gaussians(D * 4);
            try (GradientRecording gc = GradientRecording.start()) {
                NDArray loss = vq.quantise(z).quantised().mul(m.create(weights, new Shape(1, D, 2, 2))).sum();
                gc.backward(loss);
            }
            assertThat(z.getGradient().toFloatArray()).containsExactly(weights);
        }
    }

    @Test
    void movingAveragesPullTheCodesToTheirClusters() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 1)) {
            VectorQuantizer vq = new VectorQuantizer(p, "vq", 2, 1, 0.9f);
            Parameters.replaceValues(p.all().get("vq.codebook"), new float[] {-0.1f, 0.1f});
            // two clusters around −3 and +5
            float[] z = {-3.2f, -2.8f, -3.0f, 5.1f, 4.9f, 5.0f};
            for (int i = 0; i < 300; i++) {
                try (NDManager step = m.newSubManager()) {
                    vq.update(vq.quantise(step.create(z, new Shape(1, 1, 1, 6))));
                }
            }
            float[] book = p.all().get("vq.codebook").toFloatArray();
            assertThat(book[0]).isCloseTo(-3f, Offset.offset(0.01f));
            assertThat(book[1]).isCloseTo(5f, Offset.offset(0.01f));
        }
    }

    @Test
    void aDeadCodeRestartsAtOneOfTheBatchInputs() {
        try (NDManager m = NDManager.newBaseManager(); Parameters p = new Parameters(m, 1)) {
            VectorQuantizer vq = new VectorQuantizer(p, "vq", 3, 1, 0.9f);
            Parameters.replaceValues(p.all().get("vq.codebook"), new float[] {-1f, 1f, 100f});
            float[] z = {-1.1f, -0.9f, 0.9f, 1.1f}; // code 2 is never chosen
            VectorQuantizer.Result r = vq.quantise(m.create(z, new Shape(1, 1, 1, 4)));
            vq.update(r);
            assertThat(VectorQuantizer.perplexity(r)).isCloseTo(2.0, Offset.offset(1e-6));
            assertThat(vq.restartDeadCodes(r, new SeededRandom(7), 0.01)).isEqualTo(1);
            float[] book = p.all().get("vq.codebook").toFloatArray();
            assertThat(z).contains(book[2]);
            assertThat(vq.restartDeadCodes(vq.quantise(m.create(z, new Shape(1, 1, 1, 4))), new SeededRandom(7), 0.01))
                    .as("a restarted code has the mean count, so it is not dead right away").isZero();
        }
    }
}
