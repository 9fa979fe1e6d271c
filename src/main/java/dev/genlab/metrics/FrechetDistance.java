package dev.genlab.metrics;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Fréchet distance between two Gaussians fitted to feature rows (Heusel et al., 2017, who used
 * Inception features and called it FID; genlab's features come from its own Fashion-MNIST classifier, so
 * genlab calls it FD-FMNIST):
 * d² = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½).
 *
 * <p>Tr((Σ₁Σ₂)^½) is the sum of the singular values of A = Σ₁^½ Σ₂^½, since A Aᵀ = Σ₁^½ Σ₂ Σ₁^½ has the
 * eigenvalues of Σ₁Σ₂. Everything goes through SVDs: they converge on the singular covariances that dead
 * feature units produce, where EJML's symmetric eigensolver was seen to give up.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    public static double compute(FeatureStatistics a, FeatureStatistics b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException("feature sizes differ: " + a.dimension() + " vs " + b.dimension());
        }
        int d = a.dimension();
        double meanTerm = 0;
        for (int i = 0; i < d; i++) {
            double diff = a.mean()[i] - b.mean()[i];
            meanTerm += diff * diff;
        }
        DMatrixRMaj s1 = new DMatrixRMaj(a.covariance());
        DMatrixRMaj s2 = new DMatrixRMaj(b.covariance());
        DMatrixRMaj product = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(psdSqrt(s1), psdSqrt(s2), product);
        double traceSqrt = 0;
        for (double s : singularValues(product)) {
            traceSqrt += s;
        }
        return meanTerm + CommonOps_DDRM.trace(s1) + CommonOps_DDRM.trace(s2) - 2 * traceSqrt;
    }

    /** U diag(√σ) Uᵀ from the SVD of a symmetric positive semi-definite matrix (where SVD = eigendecomposition). */
    static DMatrixRMaj psdSqrt(DMatrixRMaj s) {
        int d = s.numRows;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, d, true, false, true);
        if (!svd.decompose(s.copy())) {
            throw new IllegalStateException("SVD of a covariance matrix did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        double[] sv = svd.getSingularValues();
        DMatrixRMaj scaled = u.copy();
        for (int j = 0; j < sv.length; j++) {
            double r = Math.sqrt(Math.max(sv[j], 0));
            for (int i = 0; i < d; i++) {
                scaled.set(i, j, scaled.get(i, j) * r);
            }
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransB(scaled, u, out);
        return out;
    }

    private static double[] singularValues(DMatrixRMaj m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false,
                false, true);
        if (!svd.decompose(m.copy())) {
            throw new IllegalStateException("SVD did not converge");
        }
        return svd.getSingularValues();
    }
}
