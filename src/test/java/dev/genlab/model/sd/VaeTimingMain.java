package dev.genlab.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.FlopCounter;
import java.nio.file.Path;

public class VaeTimingMain {
    public static void main(String[] a) throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", "2");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        try (NDManager m = NDManager.newBaseManager()) {
            SdModel model = (SdModel) new SdFamily().load(ModelDirectory.open(Path.of(a[0])), m);
            int s = Integer.parseInt(a[1]);
            SdVae vae = model.vae();
            for (int rep = 0; rep < 2; rep++) {
                try (NDManager sub = m.newSubManager()) {
                    NDArray z = sub.randomNormal(new Shape(1, 4, s / 8, s / 8));
                    long t0 = System.nanoTime();
                    NDArray y = vae.decode(z);
                    y.toFloatArray();
                    long t1 = System.nanoTime();
                    System.out.printf("decode %dx%d: %.2f s%n", s, s, (t1 - t0) / 1e9);
                    NDArray x = sub.randomUniform(-1, 1, new Shape(1, 3, s, s));
                    t0 = System.nanoTime();
                    vae.encodeMean(x).toFloatArray();
                    System.out.printf("encode %dx%d: %.2f s%n", s, s, (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}
