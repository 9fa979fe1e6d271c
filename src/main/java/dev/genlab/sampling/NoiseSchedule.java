package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import dev.genlab.core.GenlabException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The forward process of a diffusion model: ᾱ_t, the share of the signal's variance left at training
 * step t = 0 … T−1, and its σ view (Karras et al., 2022): x_t/√ᾱ_t = x₀ + σ_t·ε with σ_t = √((1−ᾱ_t)/ᾱ_t).
 */
public final class NoiseSchedule {

    /** The kinds of schedule, by their names on the command line and in config.json. */
    public enum Kind {
        /** β linear from 1e-4 to 0.02 (Ho et al., 2020). */
        LINEAR,
        /** √β linear from √0.00085 to √0.012: Stable Diffusion's. */
        SCALED_LINEAR,
        /** ᾱ from a squared cosine (Nichol &amp; Dhariwal, 2021). */
        COSINE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.cliName().equals(s)) {
                    return k;
                }
            }
            throw new GenlabException("unknown noise schedule '" + s + "'; valid: linear, scaled-linear, cosine");
        }
    }

    public static final int DEFAULT_STEPS = 1000;

    private final Kind kind;
    private final double[] alphaBar;
    private final double[] logSigma;
    private final StepSpacing spacing;

    private NoiseSchedule(Kind kind, double[] alphaBar, StepSpacing spacing) {
        this.kind = kind;
        this.alphaBar = alphaBar;
        this.spacing = spacing;
        this.logSigma = new double[alphaBar.length];
        for (int t = 0; t < alphaBar.length; t++) {
            logSigma[t] = Math.log(sigmaOfAlphaBar(alphaBar[t]));
        }
    }

    public static NoiseSchedule of(Kind kind, int steps) {
        if (steps < 2 || steps > 100_000) {
            throw new GenlabException("a noise schedule needs between 2 and 100000 training steps, got " + steps);
        }
        double[] betas = new double[steps];
        switch (kind) {
            case LINEAR -> {
                for (int t = 0; t < steps; t++) {
                    betas[t] = 1e-4 + (0.02 - 1e-4) * t / (steps - 1);
                }
            }
            case SCALED_LINEAR -> {
                double a = Math.sqrt(0.00085);
                double b = Math.sqrt(0.012);
                for (int t = 0; t < steps; t++) {
                    double r = a + (b - a) * t / (steps - 1);
                    betas[t] = r * r;
                }
            }
            case COSINE -> {
                // β_t = 1 − f(t+1)/f(t), f(t) = cos²((t/T + s)/(1 + s)·π/2), capped at 0.999 as in the paper.
                for (int t = 0; t < steps; t++) {
                    betas[t] = Math.min(0.999, 1 - cosineF(t + 1, steps) / cosineF(t, steps));
                }
            }
            default -> throw new IllegalStateException();
        }
        double[] alphaBar = new double[steps];
        double prod = 1;
        for (int t = 0; t < steps; t++) {
            prod *= 1 - betas[t];
            alphaBar[t] = prod;
        }
        return new NoiseSchedule(kind, alphaBar, StepSpacing.TRAILING);
    }

    /** The same forward process with the samplers' steps placed as {@code s} says. */
    public NoiseSchedule withSpacing(StepSpacing s) {
        return new NoiseSchedule(kind, alphaBar, s);
    }

    public StepSpacing spacing() {
        return spacing;
    }

    /** ᾱ that DDIM's and PNDM's last step goes to: 1 (the clean image) or ᾱ₀, as the spacing says. */
    public double finalAlphaBar() {
        return spacing.endsAtClean() ? 1.0 : alphaBar[0];
    }

    private static double cosineF(int t, int steps) {
        double s = 0.008;
        double c = Math.cos(((double) t / steps + s) / (1 + s) * Math.PI / 2);
        return c * c;
    }

    public Kind kind() {
        return kind;
    }

    /** T, the number of training steps. */
    public int steps() {
        return alphaBar.length;
    }

    public double alphaBar(int t) {
        return alphaBar[t];
    }

    /** ᾱ at a continuous timestep, interpolated in log σ (samplers on Karras σ use fractional steps). */
    public double alphaBar(double t) {
        return alphaBarOfSigma(sigma(t));
    }

    public double sigma(int t) {
        return Math.exp(logSigma[t]);
    }

    public double sigma(double t) {
        if (t <= 0) {
            return Math.exp(logSigma[0]);
        }
        if (t >= steps() - 1) {
            return Math.exp(logSigma[steps() - 1]);
        }
        int lo = (int) Math.floor(t);
        double w = t - lo;
        return Math.exp((1 - w) * logSigma[lo] + w * logSigma[lo + 1]);
    }

    public double sigmaMin() {
        return sigma(0);
    }

    public double sigmaMax() {
        return sigma(steps() - 1);
    }

    /** The continuous timestep whose σ is {@code sigma} (inverse of {@link #sigma(double)}). */
    public double timestep(double sigma) {
        double ls = Math.log(sigma);
        if (ls <= logSigma[0]) {
            return 0;
        }
        if (ls >= logSigma[steps() - 1]) {
            return steps() - 1;
        }
        int hi = Arrays.binarySearch(logSigma, ls);
        if (hi >= 0) {
            return hi;
        }
        hi = -hi - 1;
        int lo = hi - 1;
        return lo + (ls - logSigma[lo]) / (logSigma[hi] - logSigma[lo]);
    }

    /** The forward process: x_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε. */
    public NDArray addNoise(NDArray x0, NDArray noise, int t) {
        double a = alphaBar(t);
        return x0.mul((float) Math.sqrt(a)).add(noise.mul((float) Math.sqrt(1 - a)));
    }

    public static double sigmaOfAlphaBar(double alphaBar) {
        return Math.sqrt((1 - alphaBar) / alphaBar);
    }

    public static double alphaBarOfSigma(double sigma) {
        return 1 / (1 + sigma * sigma);
    }

    /**
     * {@code n} noise levels from σ_max down to σ_min spaced as Karras et al. (2022) propose (ρ = 7: more
     * steps at low noise, where detail forms), followed by 0.
     */
    public double[] karrasSigmas(int n, double rho) {
        double[] s = new double[n + 1];
        double minInv = Math.pow(sigmaMin(), 1 / rho);
        double maxInv = Math.pow(sigmaMax(), 1 / rho);
        for (int i = 0; i < n; i++) {
            double r = n == 1 ? 0 : (double) i / (n - 1);
            s[i] = Math.pow(maxInv + r * (minInv - maxInv), rho);
        }
        return s;
    }

    /** {@code n} of the training timesteps, descending, placed as the schedule's {@link StepSpacing} says. */
    public int[] samplerTimesteps(int n) {
        return spacing.timesteps(n, steps());
    }

    /** σ at the sampler's timesteps, followed by 0. */
    public double[] samplerSigmas(int n) {
        int[] ts = samplerTimesteps(n);
        double[] s = new double[n + 1];
        for (int i = 0; i < n; i++) {
            s[i] = sigma(ts[i]);
        }
        return s;
    }
}
