package dev.genlab.model.flow;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.nn.Convolution;
import dev.genlab.nn.Parameters;
import dev.genlab.nn.Tensors;

/**
 * Glow's invertible 1×1 convolution in its LU form: W = P·L·(U + diag(exp(s))), P a fixed permutation,
 * L unit lower-triangular and U strictly upper-triangular (learned through masks), so log|det W| = Σ s
 * and log-det = H·W·Σ s. It starts as the permutation (a channel shuffle). The inverse is computed on the
 * host in double precision from the current weights.
 */
final class InvertibleConv1x1 implements FlowLayer {

    private final int c;
    private final NDArray lower;
    private final NDArray upper;
    private final NDArray logS;
    private final NDArray lowerMask;
    private final NDArray upperMask;
    private final NDArray eye;
    private final NDArray permutation;
    private final float[] permutationValues;

    InvertibleConv1x1(Parameters p, String name, int channels, int[] perm) {
        this.c = channels;
        lower = p.constant(name + ".lower", new Shape(c, c), 0f);
        upper = p.constant(name + ".upper", new Shape(c, c), 0f);
        logS = p.constant(name + ".log_s", new Shape(c), 0f);
        float[] lm = new float[c * c];
        float[] um = new float[c * c];
        float[] id = new float[c * c];
        permutationValues = new float[c * c];
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < c; j++) {
                lm[i * c + j] = j < i ? 1 : 0;
                um[i * c + j] = j > i ? 1 : 0;
            }
            id[i * c + i] = 1;
            permutationValues[i * c + perm[i]] = 1;
        }
        NDManager m = p.manager();
        lowerMask = m.create(lm, new Shape(c, c));
        upperMask = m.create(um, new Shape(c, c));
        eye = m.create(id, new Shape(c, c));
        permutation = m.create(permutationValues, new Shape(c, c));
    }

    /**
     * W (c, c). Every intermediate goes to {@code anchor}'s manager: results of operations on parameters
     * would otherwise pile up in the parameters' manager, one set per training step.
     */
    private NDArray weight(NDArray anchor) {
        // a result belongs to its first operand's manager: lead with an array that is already the anchor's
        NDArray l = Tensors.local(lower.mul(lowerMask), anchor).add(eye);
        NDArray diag = Tensors.local(logS.exp(), anchor).reshape(1, c).mul(eye);
        NDArray u = Tensors.local(upper.mul(upperMask), anchor).add(diag);
        return Tensors.local(permutation.matMul(l), anchor).matMul(u);
    }

    @Override
    public Output forward(NDArray x) {
        NDArray w = weight(x);
        NDArray y = Convolution.same(x, w.reshape(c, c, 1, 1), null);
        long pixels = x.getShape().get(2) * x.getShape().get(3);
        NDArray logDet = Tensors.scale(Tensors.local(logS.sum(), x), pixels);
        return new Output(y, logDet.broadcast(new Shape(x.getShape().get(0))));
    }

    @Override
    public NDArray inverse(NDArray y) {
        float[] w = weight(y).toFloatArray();
        float[] inv = invert(w, c);
        NDArray wInv = y.getManager().create(inv, new Shape(c, c, 1, 1));
        return Convolution.same(y, wInv, null);
    }

    /** Gauss–Jordan elimination with partial pivoting, in double. */
    static float[] invert(float[] m, int n) {
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = m[i * n + j];
            }
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double d = a[col][col];
            if (d == 0) {
                throw new IllegalStateException("1×1 convolution weight became singular");
            }
            for (int j = 0; j < 2 * n; j++) {
                a[col][j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && a[r][col] != 0) {
                    double f = a[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        a[r][j] -= f * a[col][j];
                    }
                }
            }
        }
        float[] out = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = (float) a[i][n + j];
            }
        }
        return out;
    }
}
