package dev.genlab.model.pixelcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.genlab.core.SeededRandom;
import dev.genlab.core.UsageException;
import dev.genlab.data.Image;
import dev.genlab.data.ImageDataset;
import dev.genlab.data.ImageFiles;
import dev.genlab.model.GenerationRequest;
import dev.genlab.model.NetworkModel;
import dev.genlab.model.Latents;
import dev.genlab.model.Sample;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.autoregressive.Categorical;
import dev.genlab.nn.autoregressive.RasterSampler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained PixelCNN: samples one pixel at a time in raster order, each from the 256-way softmax of the
 * network given the pixels so far (a network pass per pixel: autoregressive sampling's cost), with
 * logits divided by the temperature. With {@code init}/{@code keep_rows} it completes the lower part of
 * a given image.
 */
public final class PixelCnnModel extends NetworkModel<PixelCnnNetwork> {

    /** Settings recorded in each PNG: the image to complete and how many of its top rows to keep. */
    public static final String INIT = "init";
    public static final String KEEP_ROWS = "keep_rows";


    PixelCnnModel(ModelDirectory dir, PixelCnnNetwork net, NDManager manager) {
        super(dir, net, manager);
    }

    public static PixelCnnModel load(ModelDirectory dir, NDManager parent) {
        var m = dir.manifest();
        PixelCnnConfig config = PixelCnnConfig.fromJson(m.image(), m.classList(), m.network());
        return load(dir, parent, p -> new PixelCnnNetwork(config, p), PixelCnnModel::new);
    }

    static int dims(PixelCnnConfig c) {
        return c.image().channels() * c.image().height() * c.image().width();
    }

    @Override
    public List<String> classNames() {
        return net.config().classes();
    }

    @Override
    public Map<String, String> resolveOptions(Map<String, String> given) {
        for (String k : given.keySet()) {
            if (!k.equals(INIT) && !k.equals(KEEP_ROWS)) {
                throw new UsageException("model " + dir.name() + " has no setting '" + k + "'; a PixelCNN takes --init "
                        + "IMAGE and --keep-rows K (complete an image's lower part)");
            }
        }
        if (given.isEmpty()) {
            return Map.of();
        }
        int h = net.config().image().height();
        if (!given.containsKey(INIT)) {
            throw new UsageException("--keep-rows needs --init IMAGE (the image whose top rows to keep)");
        }
        Path init = Path.of(given.get(INIT)).toAbsolutePath().normalize();
        if (!Files.isRegularFile(init)) {
            throw new UsageException("--init image not found: " + init);
        }
        int keep;
        try {
            keep = Integer.parseInt(given.getOrDefault(KEEP_ROWS, Integer.toString(h / 2)).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--keep-rows must be a whole number, got '" + given.get(KEEP_ROWS) + "'");
        }
        if (keep < 0 || keep >= h) {
            throw new UsageException("--keep-rows must be between 0 and " + (h - 1) + " for this model's " + h
                    + "-row images, got " + keep);
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(INIT, init.toString());
        out.put(KEEP_ROWS, Integer.toString(keep));
        return out;
    }

    @Override
    public List<Sample> generate(GenerationRequest request) {
        PixelCnnConfig c = net.config();
        Map<String, String> options = resolveOptions(request.options());
        int b = request.seeds().length;
        int h = c.image().height();
        int w = c.image().width();
        float[] pixels = new float[b * h * w];
        int keep = 0;
        if (!options.isEmpty()) {
            Image init = ImageFiles.read(Path.of(options.get(INIT)), 1, h, w);
            keep = Integer.parseInt(options.get(KEEP_ROWS));
            for (int i = 0; i < b; i++) {
                // the kept rows, quantised to 8 bits as the model sees its data
                for (int k = 0; k < keep * w; k++) {
                    pixels[i * h * w + k] = Image.toByte(init.pixels()[k]) / 255f;
                }
            }
        }
        int[] classes = c.conditional() ? Latents.classes(request, c.numClasses()) : null;
        SeededRandom[] rng = new SeededRandom[b];
        for (int i = 0; i < b; i++) {
            rng[i] = SeededRandom.derive(request.seeds()[i], 0x9C7L);
        }
        sample(pixels, b, keep, classes, request.temperature(), rng);
        List<Sample> out = new ArrayList<>(b);
        for (int i = 0; i < b; i++) {
            float[] px = java.util.Arrays.copyOfRange(pixels, i * h * w, (i + 1) * h * w);
            out.add(new Sample(request.seeds()[i], new Image(1, h, w, px), classes == null ? null : classes[i]));
        }
        return out;
    }

    /**
     * Fills rows {@code from}.. of each image pixel by pixel: the vertical stack runs once per row on the rows
     * above, the horizontal one once per pixel on its row up to the pixel ({@link RasterSampler}).
     */
    private void sample(float[] pixels, int b, int from, int[] classes, double temperature, SeededRandom[] rng) {
        int h = net.config().image().height();
        int w = net.config().image().width();
        int levels = PixelCnnConfig.LEVELS;
        Categorical categorical = new Categorical(levels);
        try (NDManager sampling = manager.newSubManager()) {
            RasterSampler sampler = net.sampler(classes == null ? null : net.oneHot(sampling, classes));
            sampler.fill(sampling, b, h, w, from, new RasterSampler.Grid() {
                @Override
                public NDArray input(NDManager m, int fromRow, int toRow, int columns) {
                    int rows = toRow - fromRow;
                    float[] part = new float[b * rows * columns];
                    for (int i = 0; i < b; i++) {
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(pixels, (i * h + fromRow + r) * w, part, (i * rows + r) * columns, columns);
                        }
                    }
                    return net.input(m.create(part, new Shape(b, 1, rows, columns)));
                }

                @Override
                public void draw(float[] logits, int row, int col) {
                    for (int i = 0; i < b; i++) {
                        pixels[(i * h + row) * w + col] = categorical.draw(logits, i * levels, temperature, rng[i]) / 255f;
                    }
                }
            });
        }
    }

    /** Exact negative log-likelihood of the first {@code n} images of {@code data}, in bits per dimension. */
    public double bitsPerDim(ImageDataset data, int n, int batch) {
        double[] total = new double[1];
        data.forEachBatch(n, batch, b -> {
            try (NDManager m = manager.newSubManager()) {
                NDArray x = m.create(b.pixels(), new Shape(b.size(), data.channels(), data.height(), data.width()));
                total[0] += net.nll(x, b.pixels(), net.oneHot(m, b.labels())).sum().getFloat();
            }
        });
        return total[0] / Math.min(n, data.size()) / (Math.log(2) * dims(net.config()));
    }
}
