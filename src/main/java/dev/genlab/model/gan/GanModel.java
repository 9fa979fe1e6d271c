package dev.genlab.model.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.data.Image;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Interpolator;
import dev.genlab.model.Latents;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import java.util.ArrayList;
import java.util.List;

/** A trained DCGAN generator: one forward pass from a seed's latent to an image, gradients off. */
public final class GanModel extends NetworkModel<DcganGenerator> implements Interpolator {

    private final GanConfig config;

    GanModel(ModelDirectory dir, GanConfig config, DcganGenerator net, NDManager manager) {
        super(dir, net, manager);
        this.config = config;
    }

    /** Loads a model folder written by {@code genlab train dcgan} (the generator's weight average). */
    public static GanModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        GanConfig config = GanConfig.fromJson(m.image(), m.classList(), m.network());
        return load(dir, parent, p -> new DcganGenerator(config, p), (d, net, m2) -> new GanModel(d, config, net, m2));
    }

    public GanConfig config() {
        return config;
    }

    @Override
    public List<String> classNames() {
        return config.classes();
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        int b = request.seeds().length;
        float[] z = Latents.gaussians(request.seeds(), config.latentDim(), request.temperature());
        int[] classes = config.conditional() ? Latents.classes(request, config.numClasses()) : null;
        List<Image> images = render(z, classes == null ? null : Latents.oneHot(classes, config.numClasses()));
        List<Sample> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            out.add(new Sample(request.seeds()[i], images.get(i), classes == null ? null : classes[i]));
        }
        return out;
    }

    /** Latents (B·latent) and class weights (B·K, or null) → images. */
    List<Image> render(float[] z, float[] classWeights) {
        int b = z.length / config.latentDim();
        try (NDManager m = manager.newSubManager()) {
            NDArray zArr = m.create(z, new Shape(b, config.latentDim()));
            NDArray cls = classWeights == null ? null : m.create(classWeights, new Shape(b, config.numClasses()));
            return Latents.toImages(net.forward(zArr, cls).toFloatArray(), b, config.image());
        }
    }

    /** Frames along the great circle from seed A's latent to seed B's; the class weights move linearly. */
    @Override
    public List<Image> interpolate(long seedA, long seedB, int frames, Integer classA, Integer classB,
            double temperature) {
        float[] z = Latents.walk(Latents.gaussian(seedA, config.latentDim(), temperature),
                Latents.gaussian(seedB, config.latentDim(), temperature), frames);
        if (!config.conditional()) {
            return render(z, null);
        }
        int k = config.numClasses();
        int ca = classA != null ? classA : Latents.classForSeed(seedA, k);
        int cb = classB != null ? classB : Latents.classForSeed(seedB, k);
        return render(z, Latents.classWalk(ca, cb, k, frames));
    }
}
