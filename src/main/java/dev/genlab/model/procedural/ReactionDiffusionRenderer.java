package dev.genlab.model.procedural;

import dev.genlab.core.SeededRandom;
import dev.genlab.data.Image;
import java.util.List;

/**
 * Gray–Scott reaction–diffusion (Pearson, 1993, "Complex patterns in a simple system"): two chemicals U
 * and V on a wrapping grid, U + 2V → 3V, U fed at rate F and V removed at rate F + k, each diffusing
 * (D_u = 1, D_v = 0.5, Karl Sims' 3×3 Laplacian, Δt = 1). The seed scatters the initial patches of V;
 * feed and kill choose the pattern (spots, stripes, mazes). The grid is {@code scale} times coarser than
 * the image and is upsampled bilinearly.
 */
final class ReactionDiffusionRenderer implements Renderer {

    private static final List<Option> OPTIONS = List.of(
            Option.number("feed", "feed rate F", 0.037, 0, 0.12),
            Option.number("kill", "kill rate k", 0.06, 0, 0.08),
            Option.integer("iterations", "simulation steps", 3000, 1, 200_000),
            Option.integer("scale", "image pixels per grid cell", 2, 1, 16),
            Option.choice("colormap", "colour map", "magma", ColorMap.NAMES));

    @Override
    public List<Option> options() {
        return OPTIONS;
    }

    @Override
    public Image render(Settings s, long seed) {
        int scale = s.integer("scale");
        int gw = Math.max(8, s.width() / scale);
        int gh = Math.max(8, s.height() / scale);
        double[] v = simulate(gw, gh, s.number("feed"), s.number("kill"), s.integer("iterations"), seed);
        return Pixels.stretched(bilinear(v, gw, gh, s.width(), s.height()), s.width(), s.height(), s.colorMap());
    }

    /** The concentration of V after the simulation, row-major gw × gh. */
    static double[] simulate(int gw, int gh, double feed, double kill, int iterations, long seed) {
        int n = gw * gh;
        double[] u = new double[n];
        double[] v = new double[n];
        java.util.Arrays.fill(u, 1);
        SeededRandom rnd = new SeededRandom(seed);
        int patches = 4 + rnd.nextInt(12);
        for (int p = 0; p < patches; p++) {
            int size = 3 + rnd.nextInt(Math.max(2, Math.min(gw, gh) / 10));
            int cx = rnd.nextInt(gw);
            int cy = rnd.nextInt(gh);
            for (int dy = -size; dy <= size; dy++) {
                for (int dx = -size; dx <= size; dx++) {
                    int i = Math.floorMod(cy + dy, gh) * gw + Math.floorMod(cx + dx, gw);
                    u[i] = 0.5 + 0.05 * rnd.nextDouble();
                    v[i] = 0.25 + 0.05 * rnd.nextDouble();
                }
            }
        }
        double[] u2 = new double[n];
        double[] v2 = new double[n];
        for (int it = 0; it < iterations; it++) {
            for (int y = 0; y < gh; y++) {
                int up = (y == 0 ? gh - 1 : y - 1) * gw;
                int row = y * gw;
                int down = (y == gh - 1 ? 0 : y + 1) * gw;
                for (int x = 0; x < gw; x++) {
                    int left = x == 0 ? gw - 1 : x - 1;
                    int right = x == gw - 1 ? 0 : x + 1;
                    int i = row + x;
                    double lu = laplacian(u, i, up + x, down + x, row + left, row + right, up + left, up + right,
                            down + left, down + right);
                    double lv = laplacian(v, i, up + x, down + x, row + left, row + right, up + left, up + right,
                            down + left, down + right);
                    double uvv = u[i] * v[i] * v[i];
                    u2[i] = u[i] + (lu - uvv + feed * (1 - u[i]));
                    v2[i] = v[i] + (0.5 * lv + uvv - (feed + kill) * v[i]);
                }
            }
            double[] t = u;
            u = u2;
            u2 = t;
            t = v;
            v = v2;
            v2 = t;
        }
        return v;
    }

    private static double laplacian(double[] a, int c, int n, int s, int w, int e, int nw, int ne, int sw, int se) {
        return -a[c] + 0.2 * (a[n] + a[s] + a[w] + a[e]) + 0.05 * (a[nw] + a[ne] + a[sw] + a[se]);
    }

    /** Bilinear resampling of a wrapping field to w × h (pixel centres aligned). */
    static double[] bilinear(double[] src, int sw, int sh, int w, int h) {
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            double fy = (y + 0.5) * sh / h - 0.5;
            int y0 = (int) Math.floor(fy);
            double ty = fy - y0;
            int ya = Math.floorMod(y0, sh) * sw;
            int yb = Math.floorMod(y0 + 1, sh) * sw;
            for (int x = 0; x < w; x++) {
                double fx = (x + 0.5) * sw / w - 0.5;
                int x0 = (int) Math.floor(fx);
                double tx = fx - x0;
                int xa = Math.floorMod(x0, sw);
                int xb = Math.floorMod(x0 + 1, sw);
                double top = src[ya + xa] + tx * (src[ya + xb] - src[ya + xa]);
                double bottom = src[yb + xa] + tx * (src[yb + xb] - src[yb + xa]);
                out[y * w + x] = top + ty * (bottom - top);
            }
        }
        return out;
    }
}
