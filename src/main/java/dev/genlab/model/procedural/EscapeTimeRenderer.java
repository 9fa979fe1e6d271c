package dev.genlab.model.procedural;

import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import java.util.ArrayList;
import java.util.List;

/**
 * Escape-time fractals: the Mandelbrot set (z ← z² + c from z = 0, c the pixel) and Julia sets (z the
 * pixel, c fixed). Smooth colouring with the normalised iteration count ν = n + 1 − log₂(ln|z|) (escape
 * radius 256), banded with a triangle wave of √ν so colours stay continuous at any zoom; points that
 * never escape are black. With centre, zoom or c on "auto", the seed chooses them, so every seed is a
 * different view: the Mandelbrot centre by a hill climb toward points that escape late (the set's edge).
 */
final class EscapeTimeRenderer implements Renderer {

    private static final double ESCAPE = 256;
    private static final double VIEW_WIDTH = 3.2;

    private final boolean julia;
    private final List<Option> options;

    EscapeTimeRenderer(boolean julia) {
        this.julia = julia;
        List<Option> o = new ArrayList<>();
        o.add(Option.point("center", "centre of the view, x,y (auto: " + (julia ? "0,0" : "the seed picks a spot on "
                + "the set's edge") + ")"));
        o.add(new Option("zoom", "magnification; the view is 3.2/zoom wide (auto: " + (julia ? "1" : "the seed picks "
                + "10 to 1000 with an auto centre, else 1") + ")", "auto", Double.MIN_VALUE, 1e13, false, List.of()));
        o.add(Option.integer("iterations", "iterations before a point counts as inside", 500, 1, 1_000_000));
        if (julia) {
            o.add(Option.point("c", "the constant c, x,y (auto: the seed picks c near the Mandelbrot set's edge)"));
        }
        o.add(Option.choice("colormap", "colour map", "ultra", ColorMap.NAMES));
        this.options = List.copyOf(o);
    }

    @Override
    public List<Option> options() {
        return options;
    }

    @Override
    public Image render(Settings s, long seed) {
        SeededRandom rnd = new SeededRandom(seed);
        int iterations = s.integer("iterations");
        double[] c = julia ? juliaConstant(s, rnd) : null;
        double[] center;
        double zoom;
        if (!s.isAuto("center")) {
            center = s.point("center");
            zoom = s.isAuto("zoom") ? 1 : s.number("zoom");
        } else if (julia) {
            center = new double[] {0, 0};
            zoom = s.isAuto("zoom") ? 1 : s.number("zoom");
        } else {
            center = edgePoint(rnd, Math.min(iterations, 2000));
            zoom = s.isAuto("zoom") ? StrictMath.pow(10, 1 + 2 * rnd.nextDouble()) : s.number("zoom");
        }
        int w = s.width();
        int h = s.height();
        double step = VIEW_WIDTH / zoom / w;
        double[] v = new double[w * h];
        for (int y = 0; y < h; y++) {
            double im = center[1] + (y + 0.5 - h / 2.0) * step;
            for (int x = 0; x < w; x++) {
                double re = center[0] + (x + 0.5 - w / 2.0) * step;
                double nu = julia ? smooth(re, im, c[0], c[1], iterations) : smooth(0, 0, re, im, iterations);
                v[y * w + x] = Double.isNaN(nu) ? Double.NaN : band(nu);
            }
        }
        return Pixels.colored(v, w, h, 0, 1, s.colorMap());
    }

    private static double[] juliaConstant(Settings s, SeededRandom rnd) {
        if (!s.isAuto("c")) {
            return s.point("c");
        }
        // Julia sets are most intricate for c near the Mandelbrot set's edge; a shallow search keeps c just
        // outside it for some seeds (Cantor dust) and close enough for others (connected shapes)
        return edgePoint(rnd, 40 + rnd.nextInt(80));
    }

    /** Smooth iteration count of z ← z² + c from z0, or NaN if it does not escape. */
    static double smooth(double zr, double zi, double cr, double ci, int iterations) {
        for (int n = 0; n < iterations; n++) {
            double r2 = zr * zr;
            double i2 = zi * zi;
            if (r2 + i2 > ESCAPE * ESCAPE) {
                double logModulus = 0.5 * StrictMath.log(r2 + i2);
                return n + 1 - StrictMath.log(logModulus / StrictMath.log(2)) / StrictMath.log(2);
            }
            zi = 2 * zr * zi + ci;
            zr = r2 - i2 + cr;
        }
        return Double.NaN;
    }

    /** Iterations before c escapes the Mandelbrot set (radius 2), {@code iterations} if it does not. */
    static int escapeCount(double cr, double ci, int iterations) {
        double zr = 0;
        double zi = 0;
        for (int n = 0; n < iterations; n++) {
            double r2 = zr * zr;
            double i2 = zi * zi;
            if (r2 + i2 > 4) {
                return n;
            }
            zi = 2 * zr * zi + ci;
            zr = r2 - i2 + cr;
        }
        return iterations;
    }

    /** Triangle wave of √ν in [0, 1]: repeating colour bands without jumps. */
    private static double band(double nu) {
        double u = (Math.sqrt(Math.max(nu, 0)) * 0.25) % 2;
        return u < 1 ? u : 2 - u;
    }

    /** A point just outside the set: random starts, then a shrinking search for later escapes. */
    private static double[] edgePoint(SeededRandom rnd, int iterations) {
        double bestR = -0.75;
        double bestI = 0.1;
        int best = -1;
        for (int i = 0; i < 400; i++) {
            double r = -2.0 + 2.5 * rnd.nextDouble();
            double im = -1.2 + 2.4 * rnd.nextDouble();
            int n = escapeCount(r, im, iterations);
            if (n < iterations && n > best) {
                best = n;
                bestR = r;
                bestI = im;
            }
        }
        double radius = 0.05;
        for (int k = 0; k < 60; k++) {
            double r = bestR + radius * (2 * rnd.nextDouble() - 1);
            double im = bestI + radius * (2 * rnd.nextDouble() - 1);
            int n = escapeCount(r, im, iterations);
            if (n < iterations && n > best) {
                best = n;
                bestR = r;
                bestI = im;
            }
            radius *= 0.9;
        }
        return new double[] {bestR, bestI};
    }
}
