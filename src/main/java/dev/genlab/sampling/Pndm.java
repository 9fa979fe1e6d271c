package dev.genlab.sampling;

import ai.djl.ndarray.NDArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * PNDM's pseudo linear multistep sampler (Liu et al., 2022, "Pseudo Numerical Methods for Diffusion
 * Models on Manifolds"), as diffusers runs it for Stable Diffusion (PLMS, no Runge–Kutta warm-up): the
 * first step is repeated to average two ε estimates, then Adams–Bashforth of order 2 to 4 on ε, each
 * moved by the DDIM transfer.
 */
public final class Pndm extends DiscreteScheduler {

    private double[] callSteps = new double[0];
    private final Deque<NDArray> history = new ArrayDeque<>();
    private NDArray firstSample;
    private NDArray firstEps;

    public Pndm(NoiseSchedule schedule, Prediction prediction) {
        super(schedule, prediction);
    }

    @Override
    public String name() {
        return "pndm";
    }

    @Override
    public void setTimesteps(int n) {
        super.setTimesteps(n);
        List<Double> calls = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            calls.add((double) steps[i]);
            if (i == 0 && steps.length > 1) {
                calls.add((double) steps[1]); // the second evaluation of the first step
            }
        }
        callSteps = calls.stream().mapToDouble(Double::doubleValue).toArray();
        history.clear();
        firstSample = null;
        firstEps = null;
    }

    @Override
    public int firstCallOfStep(int k) {
        return k == 0 || steps.length < 2 ? k : k + 1; // step 0 has two calls
    }

    @Override
    public double[] timesteps() {
        return callSteps.clone();
    }

    @Override
    public NDArray step(NDArray out, int call, NDArray sample, NoiseSource noise) {
        checkIndex(call);
        boolean warm = steps.length > 1;
        // call 0 and 1 both belong to loop step 0; call c ≥ 2 to loop step c − 1
        int i = warm && call >= 1 ? call - 1 : call;
        if (warm && call == 0) {
            firstSample = sample;
            firstEps = Scheduler.keep(prediction.toEpsilon(out, sample, schedule.alphaBar(steps[0])), sample);
            history.push(firstEps);
            return transfer(sample, firstEps, schedule.alphaBar(steps[0]), alphaBarAfter(0));
        }
        if (warm && call == 1) {
            NDArray eps = prediction.toEpsilon(out, sample, schedule.alphaBar(steps[1]));
            NDArray avg = firstEps.add(eps).mul(0.5f);
            return transfer(firstSample, avg, schedule.alphaBar(steps[0]), alphaBarAfter(0));
        }
        double a = schedule.alphaBar(steps[i]);
        NDArray eps = prediction.toEpsilon(out, sample, a);
        NDArray[] e = history.toArray(new NDArray[0]); // newest first
        NDArray prime = switch (e.length) {
            case 0 -> eps;
            case 1 -> eps.mul(3f).sub(e[0]).div(2f);
            case 2 -> eps.mul(23f).sub(e[0].mul(16f)).add(e[1].mul(5f)).div(12f);
            default -> eps.mul(55f).sub(e[0].mul(59f)).add(e[1].mul(37f)).sub(e[2].mul(9f)).div(24f);
        };
        history.push(Scheduler.keep(eps, sample));
        while (history.size() > 3) {
            history.removeLast();
        }
        return transfer(sample, prime, a, alphaBarAfter(i));
    }

    /** PNDM's transfer φ(x_t, ε, t → t'), the same map as a deterministic DDIM step. */
    static NDArray transfer(NDArray x, NDArray eps, double a, double prev) {
        double sampleCoeff = Math.sqrt(prev / a);
        double denom = a * Math.sqrt(1 - prev) + Math.sqrt(a * (1 - a) * prev);
        return x.mul((float) sampleCoeff).sub(eps.mul((float) ((prev - a) / denom)));
    }
}
