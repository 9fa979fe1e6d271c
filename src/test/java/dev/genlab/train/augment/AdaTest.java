package dev.genlab.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.nn.GradientRecording;
import dev.genlab.nn.Parameters;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The ADA controller on synthetic discriminator signs, and the augmentations it drives. */
class AdaTest {

    static float[] logits(int positives, int total) {
        float[] l = new float[total];
        Arrays.fill(l, -1f);
        Arrays.fill(l, 0, positives, 2f);
        return l;
    }

    @Test
    void pRisesWhileTheDiscriminatorOverfitsAndFallsOtherwise() {
        try (NDManager m = NDManager.newBaseManager(); Parameters params = new Parameters(m, 1)) {
            AdaController ada = new AdaController(params, 4, 1.0); // 0 → 1 in 1000 images
            assertThat(ada.p()).isZero();
            for (int i = 0; i < 40; i++) {
                ada.observe(logits(58, 64)); // r_t = (58 − 6)/64 ≈ 0.81 > 0.6: overfitting
            }
            double raised = ada.p();
            assertThat(raised).isGreaterThan(0.5).isLessThanOrEqualTo(1.0);
            for (int i = 0; i < 20; i++) {
                ada.observe(logits(16, 64)); // r_t = −0.5 < 0.6
            }
            assertThat(ada.p()).isLessThan(raised);
            // p only moves at the end of an interval of 4 minibatches, by 4·64/1000
            double before = ada.p();
            ada.observe(logits(64, 64));
            assertThat(ada.p()).isEqualTo(before);
            for (int i = 0; i < 3; i++) {
                ada.observe(logits(64, 64));
            }
            assertThat(ada.p()).isCloseTo(Math.min(1, before + 0.256), Offset.offset(1e-6));
            // the state is a parameter, so checkpoints carry it
            assertThat(params.all()).containsKey("ada.state");
        }
    }

    @Test
    void augmentationIsTheIdentityAtZeroAndDifferentiableAndSeededOtherwise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new SeededRandom(3).gaussians(4 * 16 * 16), new Shape(4, 1, 16, 16)).abs();
            assertThat(Augmentation.apply(x, 0, 0f, new SeededRandom(1))).isSameAs(x);
            NDArray a = Augmentation.apply(x, 1, 0f, new SeededRandom(1));
            NDArray b = Augmentation.apply(x, 1, 0f, new SeededRandom(1));
            assertThat(a.getShape()).isEqualTo(x.getShape());
            assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
            assertThat(a.toFloatArray()).isNotEqualTo(x.toFloatArray());
            x.setRequiresGradient(true);
            try (GradientRecording gc = GradientRecording.start()) {
                gc.backward(Augmentation.apply(x, 1, 0f, new SeededRandom(2)).sum());
            }
            assertThat(x.getGradient().abs().sum().getFloat()).isPositive();
        }
    }

    @Test
    void shiftsMovePixelsAndFillWithTheBackground() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray im = m.arange(1f, 10f).reshape(1, 3, 3);
            assertThat(Augmentation.shift(im, 1, 0, 0f).toFloatArray()).containsExactly(0, 0, 0, 1, 2, 3, 4, 5, 6);
            assertThat(Augmentation.shift(im, 0, -1, 0f).toFloatArray()).containsExactly(2, 3, 0, 5, 6, 0, 8, 9, 0);
            // StyleGAN's images are in [-1, 1], where black is -1
            assertThat(Augmentation.shift(im, -1, 1, -1f).toFloatArray())
                    .containsExactly(-1, 4, 5, -1, 7, 8, -1, -1, -1);
        }
    }
}
