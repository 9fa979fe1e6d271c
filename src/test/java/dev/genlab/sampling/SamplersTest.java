package dev.genlab.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.GenlabException;
import org.assertj.core.data.Offset;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Samplers on a problem with a known answer: data x₀ ~ N(μ, s²) per pixel, whose exact denoiser is
 * E[x₀ | x_t] = μ + √ᾱ·s²/(ᾱs² + 1 − ᾱ)·(x_t − √ᾱ·μ). Every sampler must end at that distribution.
 */
class SamplersTest {

    static final double MU = 0.3;
    static final double S = 0.5;
    static final Shape SHAPE = new Shape(1, 1, 64, 64); // 4096 independent pixels
    static NDManager manager;
    static final NoiseSchedule LINEAR = NoiseSchedule.of(NoiseSchedule.Kind.LINEAR, 1000);

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** The exact ε for Gaussian data at continuous timestep t. */
    static NDArray exactEpsilon(NDArray xt, double t, NoiseSchedule schedule) {
        double a = schedule.alphaBar(t);
        double gain = Math.sqrt(a) * S * S / (a * S * S + 1 - a);
        NDArray x0 = xt.sub((float) (Math.sqrt(a) * MU)).mul((float) gain).add((float) MU);
        return xt.sub(x0.mul((float) Math.sqrt(a))).div((float) Math.sqrt(1 - a));
    }

    /** Runs the denoising loop as a pipeline would, returning mean and variance of the result. */
    static double[] sample(Scheduler s, int steps, long seed) {
        try (NDManager m = manager.newSubManager()) {
            NoiseSource noise = NoiseSource.seeded(new long[] {seed});
            s.setTimesteps(steps);
            NDArray x = noise.initial(m, SHAPE).mul((float) s.initNoiseSigma());
            double[] ts = s.timesteps();
            for (int i = 0; i < ts.length; i++) {
                NDArray out = exactEpsilon(s.scaleModelInput(x, i), ts[i], LINEAR);
                x = s.step(out, i, x, noise);
            }
            float[] v = x.toFloatArray();
            double mean = 0;
            for (float f : v) {
                mean += f;
            }
            mean /= v.length;
            double var = 0;
            for (float f : v) {
                var += (f - mean) * (f - mean);
            }
            return new double[] {mean, var / (v.length - 1)};
        }
    }

    @Test
    void schedulesFallMonotonicallyToTheirKnownEnds() {
        for (NoiseSchedule.Kind k : NoiseSchedule.Kind.values()) {
            NoiseSchedule s = NoiseSchedule.of(k, 1000);
            for (int t = 1; t < 1000; t++) {
                assertThat(s.alphaBar(t)).as(k + " at " + t).isLessThan(s.alphaBar(t - 1));
            }
            assertThat(s.alphaBar(0)).isLessThan(1).isGreaterThan(0.99);
        }
        assertThat(LINEAR.alphaBar(0)).isCloseTo(1 - 1e-4, Offset.offset(1e-12));
        // published end values: DDPM's linear schedule and Stable Diffusion's scaled-linear (√ᾱ_T = 0.068265)
        assertThat(LINEAR.alphaBar(999)).isCloseTo(4.0358e-5, Percentage.withPercentage(1));
        assertThat(Math.sqrt(NoiseSchedule.of(NoiseSchedule.Kind.SCALED_LINEAR, 1000).alphaBar(999)))
                .isCloseTo(0.068265, Percentage.withPercentage(0.1));
        assertThat(NoiseSchedule.of(NoiseSchedule.Kind.COSINE, 1000).alphaBar(999)).isLessThan(1e-6);
    }

    @Test
    void sigmaAndTimestepAreInverse() {
        for (double t : new double[] {0, 1, 17.25, 500, 998.5, 999}) {
            assertThat(LINEAR.timestep(LINEAR.sigma(t))).isCloseTo(t, Offset.offset(1e-6));
        }
        assertThat(NoiseSchedule.alphaBarOfSigma(LINEAR.sigma(300))).isCloseTo(LINEAR.alphaBar(300), Offset.offset(1e-12));
        double[] k = LINEAR.karrasSigmas(10, 7);
        assertThat(k[0]).isCloseTo(LINEAR.sigmaMax(), Offset.offset(1e-9));
        assertThat(k[9]).isCloseTo(LINEAR.sigmaMin(), Offset.offset(1e-9));
        assertThat(k[10]).isZero();
        assertThat(LINEAR.samplerTimesteps(4)).containsExactly(999, 749, 499, 249);
        assertThat(LINEAR.finalAlphaBar()).isEqualTo(1.0);
    }

    @Test
    void stableDiffusionsSpacingLeadsWithAnOffsetOfOneAndEndsAtTheFirstTrainingStep() {
        NoiseSchedule sd = NoiseSchedule.of(NoiseSchedule.Kind.SCALED_LINEAR, 1000).withSpacing(StepSpacing.SD1);
        int[] ts = sd.samplerTimesteps(25);
        assertThat(ts[0]).isEqualTo(961);
        assertThat(ts[1]).isEqualTo(921);
        assertThat(ts[24]).isEqualTo(1);
        assertThat(sd.samplerTimesteps(3)).containsExactly(667, 334, 1);
        assertThat(sd.finalAlphaBar()).isEqualTo(sd.alphaBar(0)).isLessThan(1.0);
        double[] sigmas = sd.samplerSigmas(25);
        assertThat(sigmas[0]).isEqualTo(sd.sigma(961));
        assertThat(sigmas[25]).isZero();
    }

    @ParameterizedTest
    @EnumSource(Prediction.class)
    void predictionConversionsRoundTrip(Prediction p) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x0 = NoiseSource.seeded(new long[] {1}).initial(m, SHAPE);
            NDArray eps = NoiseSource.seeded(new long[] {2}).initial(m, SHAPE);
            double a = 0.37;
            NDArray xt = x0.mul((float) Math.sqrt(a)).add(eps.mul((float) Math.sqrt(1 - a)));
            NDArray out = p.target(x0, eps, m.create((float) Math.sqrt(a)), m.create((float) Math.sqrt(1 - a)));
            assertThat(p.toSample(out, xt, a).toFloatArray()).containsExactly(x0.toFloatArray(), Offset.offset(1e-5f));
            assertThat(p.toEpsilon(out, xt, a).toFloatArray()).containsExactly(eps.toFloatArray(), Offset.offset(1e-5f));
        }
    }

    @Test
    void addNoiseThenTheExactNoiseRecoversTheImageInOneDdimStep() {
        try (NDManager m = manager.newSubManager()) {
            Ddim ddim = new Ddim(LINEAR, Prediction.EPSILON, 0);
            ddim.setTimesteps(1);
            int t = (int) ddim.timesteps()[0];
            NDArray x0 = NoiseSource.seeded(new long[] {3}).initial(m, SHAPE);
            NDArray eps = NoiseSource.seeded(new long[] {4}).initial(m, SHAPE);
            NDArray xt = ddim.addNoise(x0, eps, t);
            NDArray back = ddim.step(eps, 0, xt, NoiseSource.seeded(new long[] {5}));
            assertThat(back.toFloatArray()).containsExactly(x0.toFloatArray(), Offset.offset(1e-3f));
        }
    }

    @Test
    void ddimWithEtaOneIsTheAncestralSampler() {
        try (NDManager m = manager.newSubManager()) {
            Ddim ddim = new Ddim(LINEAR, Prediction.EPSILON, 1);
            Ddpm ddpm = new Ddpm(LINEAR, Prediction.EPSILON);
            ddim.setTimesteps(20);
            ddpm.setTimesteps(20);
            NDArray x = NoiseSource.seeded(new long[] {6}).initial(m, SHAPE);
            for (int i : new int[] {0, 7, 18}) {
                NDArray out = exactEpsilon(x, ddim.timesteps()[i], LINEAR);
                NDArray a = ddim.step(out, i, x, NoiseSource.seeded(new long[] {9}));
                NDArray b = ddpm.step(out, i, x, NoiseSource.seeded(new long[] {9}));
                assertThat(a.toFloatArray()).containsExactly(b.toFloatArray(), Offset.offset(2e-4f));
            }
        }
    }

    @Test
    void ddimWithEtaZeroIsDeterministic() {
        double[] a = sample(new Ddim(LINEAR, Prediction.EPSILON, 0), 10, 1);
        double[] b = sample(new Ddim(LINEAR, Prediction.EPSILON, 0), 10, 1);
        assertThat(b).containsExactly(a);
    }

    /**
     * For Gaussian data the probability-flow ODE is linear: it takes the starting noise z to
     * μ + s·(z − √ᾱ_T·μ)/√(ᾱ_T·s² + 1 − ᾱ_T). Returns the RMS distance of a deterministic sampler's result
     * from that exact solution, pixel by pixel.
     */
    static double odeError(Scheduler s, int steps) {
        try (NDManager m = manager.newSubManager()) {
            long seed = 11;
            NDArray z = NoiseSource.seeded(new long[] {seed}).initial(m, SHAPE);
            s.setTimesteps(steps);
            NoiseSource noise = NoiseSource.seeded(new long[] {seed});
            NDArray x = noise.initial(m, SHAPE).mul((float) s.initNoiseSigma());
            double[] ts = s.timesteps();
            for (int i = 0; i < ts.length; i++) {
                x = s.step(exactEpsilon(s.scaleModelInput(x, i), ts[i], LINEAR), i, x, noise);
            }
            double a = LINEAR.alphaBar(LINEAR.steps() - 1);
            NDArray exact = z.sub((float) (Math.sqrt(a) * MU)).mul((float) (S / Math.sqrt(a * S * S + 1 - a)))
                    .add((float) MU);
            return Math.sqrt(x.sub(exact).square().mean().getFloat());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ddim", "pndm", "euler", "heun", "dpmpp-2m"})
    void deterministicSamplersFollowTheExactOdeMoreCloselyWithMoreSteps(String name) {
        for (boolean karras : new boolean[] {false, true}) {
            double err10 = odeError(Samplers.create(name, LINEAR, Prediction.EPSILON, 0, karras), 10);
            double err50 = odeError(Samplers.create(name, LINEAR, Prediction.EPSILON, 0, karras), 50);
            double err200 = odeError(Samplers.create(name, LINEAR, Prediction.EPSILON, 0, karras), 200);
            assertThat(err50).as(name + (karras ? ", Karras σ" : "") + " at 50 steps").isLessThan(err10);
            assertThat(err200).as(name + (karras ? ", Karras σ" : "") + " at 200 steps").isLessThan(err50)
                    .isLessThan(0.02);
        }
    }

    @Test
    void secondOrderSamplersConvergeFasterThanEuler() {
        double euler = odeError(new Euler(LINEAR, Prediction.EPSILON, true), 20);
        assertThat(odeError(new Heun(LINEAR, Prediction.EPSILON, true), 20)).isLessThan(euler);
        assertThat(odeError(new DpmSolverPP2M(LINEAR, Prediction.EPSILON, true), 20)).isLessThan(euler);
    }

    @ParameterizedTest
    @ValueSource(strings = {"euler-a", "dpmpp-2m-sde"})
    void stochasticSamplersReachTheDataDistribution(String name) {
        double err20 = error(Samplers.create(name, LINEAR, Prediction.EPSILON, 0, false), 20);
        double err200 = error(Samplers.create(name, LINEAR, Prediction.EPSILON, 0, false), 200);
        assertThat(err200).as(name).isLessThan(0.03).isLessThan(err20);
    }

    /** Largest of the errors in mean and in variance. */
    static double error(Scheduler s, int steps) {
        double[] mv = sample(s, steps, 11);
        return Math.max(Math.abs(mv[0] - MU), Math.abs(mv[1] - S * S));
    }

    @Test
    void heunEvaluatesTwicePerStepExceptTheLast() {
        assertThat(new Heun(LINEAR, Prediction.EPSILON, false).evaluations(10)).isEqualTo(19);
        assertThat(new Pndm(LINEAR, Prediction.EPSILON).evaluations(10)).isEqualTo(11);
        assertThat(new Euler(LINEAR, Prediction.EPSILON, false).evaluations(10)).isEqualTo(10);
    }

    @Test
    void badSettingsAreRefusedWithTheValidRange() {
        assertThatThrownBy(() -> new Euler(LINEAR, Prediction.EPSILON, false).setTimesteps(0))
                .isInstanceOf(GenlabException.class).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> new Ddim(LINEAR, Prediction.EPSILON, 1.5)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Samplers.create("plms", LINEAR, Prediction.EPSILON, 0, false))
                .hasMessageContaining("dpmpp-2m");
        assertThatThrownBy(() -> new ClassifierFreeGuidance(-1, 0)).hasMessageContaining("--cfg");
    }

    @Test
    void guidanceExtrapolatesFromTheUnconditionalOutput() {
        try (NDManager m = manager.newSubManager()) {
            NDArray u = m.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
            NDArray c = m.create(new float[] {2, 2, 5, 4}, new Shape(1, 1, 2, 2));
            NDArray g = new ClassifierFreeGuidance(3, 0).combine(ClassifierFreeGuidance.doubled(u).get("0:1")
                    .concat(c, 0));
            assertThat(g.toFloatArray()).containsExactly(4, 2, 9, 4);
            assertThat(new ClassifierFreeGuidance(1, 0).combine(u, c).toFloatArray()).containsExactly(c.toFloatArray());
            // full rescale: the guided output gets the conditional output's standard deviation
            float[] r = new ClassifierFreeGuidance(3, 1).combine(u, c).toFloatArray();
            assertThat(std(r)).isCloseTo(std(c.toFloatArray()), Offset.offset(1e-4));
        }
    }

    static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double s = 0;
        for (float f : v) {
            s += (f - mean) * (f - mean);
        }
        return Math.sqrt(s / v.length);
    }
}
