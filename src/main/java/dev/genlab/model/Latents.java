package dev.genlab.model;

import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import dev.genlab.modelstore.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * What every family that maps a Gaussian latent to an image shares: the latent of a seed, the class a
 * seed picks when the user leaves it open, walks between latents, and splitting a batch into images.
 */
public final class Latents {

    /** Stream from which the class of an image whose class the user left open is drawn. */
    private static final long CLASS_STREAM = 0xC1A55L;

    private Latents() {}

    /** z ~ N(0, T²·I) of size {@code dim}, from the seed's own stream (the same on every JVM). */
    public static float[] gaussian(long seed, int dim, double temperature) {
        float[] z = new SeededRandom(seed).gaussians(dim);
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (z[i] * temperature);
        }
        return z;
    }

    /** The latents of several seeds, concatenated: (B·dim). */
    public static float[] gaussians(long[] seeds, int dim, double temperature) {
        float[] z = new float[seeds.length * dim];
        for (int i = 0; i < seeds.length; i++) {
            System.arraycopy(gaussian(seeds[i], dim, temperature), 0, z, i * dim, dim);
        }
        return z;
    }

    /** The class a conditional model uses for {@code seed} when none was asked for. */
    public static int classForSeed(long seed, int numClasses) {
        return SeededRandom.derive(seed, CLASS_STREAM).nextInt(numClasses);
    }

    /** Each seed's class: the requested one, or the seed's own. */
    public static int[] classes(GenerationRequest request, int numClasses) {
        int[] out = new int[request.seeds().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = request.classIndex() != null ? request.classIndex() : classForSeed(request.seeds()[i], numClasses);
        }
        return out;
    }

    /**
     * A point on the great circle from a to b (t in [0, 1]). Slerp keeps the norm typical of a Gaussian
     * sample, where a straight line would pass through unlikely, washed-out latents.
     */
    public static float[] slerp(float[] a, float[] b, double t) {
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i] * a[i];
            nb += b[i] * b[i];
            dot += a[i] * b[i];
        }
        double cos = dot / Math.sqrt(na * nb);
        double omega = Math.acos(Math.max(-1, Math.min(1, cos)));
        float[] out = new float[a.length];
        if (omega < 1e-6) {
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) ((1 - t) * a[i] + t * b[i]);
            }
            return out;
        }
        double s = Math.sin(omega);
        double wa = Math.sin((1 - t) * omega) / s;
        double wb = Math.sin(t * omega) / s;
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) (wa * a[i] + wb * b[i]);
        }
        return out;
    }

    /** {@code frames} latents from a to b along the great circle, concatenated. */
    public static float[] walk(float[] a, float[] b, int frames) {
        float[] z = new float[frames * a.length];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(slerp(a, b, frames == 1 ? 0 : (double) f / (frames - 1)), 0, z, f * a.length, a.length);
        }
        return z;
    }

    /** One-hot rows (B·K) for class indices. */
    public static float[] oneHot(int[] classes, int numClasses) {
        float[] v = new float[classes.length * numClasses];
        for (int i = 0; i < classes.length; i++) {
            v[i * numClasses + classes[i]] = 1f;
        }
        return v;
    }

    /** Class weights (frames·K) moving linearly from class ca to class cb. */
    public static float[] classWalk(int ca, int cb, int numClasses, int frames) {
        float[] mix = new float[frames * numClasses];
        for (int f = 0; f < frames; f++) {
            double t = frames == 1 ? 0 : (double) f / (frames - 1);
            mix[f * numClasses + ca] += (float) (1 - t);
            mix[f * numClasses + cb] += (float) t;
        }
        return mix;
    }

    /** Splits a (B, C, H, W) array of floats into B images. */
    public static List<Image> toImages(float[] flat, int b, ImageShape shape) {
        int n = shape.channels() * shape.height() * shape.width();
        List<Image> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] px = new float[n];
            System.arraycopy(flat, i * n, px, 0, n);
            out.add(new Image(shape.channels(), shape.height(), shape.width(), px));
        }
        return out;
    }
}
