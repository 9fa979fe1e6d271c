package dev.genlab.server;

import dev.genlab.core.GenlabException;
import dev.genlab.core.OutputFiles;
import dev.genlab.core.UsageException;
import dev.genlab.model.ClassArg;
import dev.genlab.model.GenerationRecord;
import dev.genlab.model.Generator;
import dev.genlab.model.ImageGeneration;
import dev.genlab.model.SamplerSettings;
import dev.genlab.runs.ImageLog;
import dev.genlab.runs.RunDatabase;
import dev.genlab.sampling.Samplers;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Runs one job on the worker thread: loads its model (or keeps the loaded one), turns the request into the
 * model's settings, generates in micro-batches, writes and records each image, and ends the job — done,
 * interrupted, cancelled or failed with a one-line reason.
 */
final class JobRunner implements Consumer<Job> {

    private final ModelSlot slot;
    private final ServerSettings settings;
    private final ImageLog images;
    private final Uploads uploads;
    private final List<JobEvents> listeners = new CopyOnWriteArrayList<>();
    private final SecureRandom seeds = new SecureRandom();

    JobRunner(ModelSlot slot, ServerSettings settings, RunDatabase db) {
        this.slot = slot;
        this.settings = settings;
        this.images = new ImageLog(db, "server", m -> System.err.println("genlab serve: warning: " + m));
        this.uploads = new Uploads(settings.outputs());
    }

    void listen(JobEvents l) {
        listeners.add(l);
    }

    Uploads uploads() {
        return uploads;
    }

    @Override
    public void accept(Job job) {
        try {
            run(job);
            job.end(Job.State.DONE, null);
        } catch (JobStopped stopped) {
            job.endStopped();
        } catch (ApiError e) {
            job.failedWith(e.status(), e.getMessage());
        } catch (UsageException e) {
            job.failedWith(422, e.getMessage());
        } catch (GenlabException e) {
            job.failedWith(500, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            System.err.println("genlab serve: job " + job.id() + " failed:");
            e.printStackTrace();
            job.failedWith(500, "internal error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + JsonFields.firstLine(e.getMessage())) + " (the server's log has the details)");
        } finally {
            listeners.forEach(l -> l.ended(job));
        }
    }

    private void run(Job job) {
        JobRequest r = job.request();
        String modelName = r.model() != null ? r.model() : settings.defaultModel();
        Generator g = slot.use(modelName);
        ImageGeneration.Settings s = settings(job, g);
        int batches = (s.n() + s.microBatch() - 1) / s.microBatch();
        int calls = WatchedGenerator.stepwise(g) ? Samplers.evaluations(s.sampler().sampler(), s.sampler().steps()) : 1;
        job.start(modelName, s.seed(), batches * calls, settings.jobTimeout());
        listeners.forEach(l -> l.started(job));
        Generator watched = new WatchedGenerator(g, job, () -> listeners.forEach(l -> l.stepped(job)));
        if (r.evaluate()) {
            evaluate(job, g, watched, s);
            return;
        }
        OutputFiles files = new OutputFiles(settings.outputs().resolve(g.model().name()), false);
        long[] batchStart = {System.nanoTime()};
        ImageGeneration.run(watched, s, batch -> {
            double perImage = (System.nanoTime() - batchStart[0]) / 1e9 / batch.size();
            for (ImageGeneration.Generated gen : batch) {
                GenerationRecord rec = gen.record();
                byte[] png = ImageGeneration.png(gen.image(), rec);
                Path file = files.write(String.format("%s-%06d", rec.model(), rec.seed()), ".png", o -> o.write(png));
                Job.Image image = new Job.Image(png, file, rec, images.record(rec, file, perImage));
                job.add(image);
                listeners.forEach(l -> l.imageDone(job, image));
            }
            noteSizeIgnored(job, r, batch.get(0).image());
            batchStart[0] = System.nanoTime();
        });
    }

    /**
     * Scores the model's samples as `genlab eval` does: FD-FMNIST, KID, Inception-style score, precision and
     * recall in the classifier's feature space against its reference statistics; nothing is written.
     */
    private void evaluate(Job job, Generator g, Generator watched, ImageGeneration.Settings s) {
        if (g.qualityNotApplicable() != null) {
            throw ApiError.unprocessable("model " + g.model().name() + ": " + g.qualityNotApplicable());
        }
        var classifierDir = slot.classifier();
        List<dev.genlab.data.Image> images = new java.util.ArrayList<>();
        ImageGeneration.run(watched, s, batch -> batch.forEach(x -> images.add(x.image())));
        job.checkpoint();
        try (var manager = slot.newManager();
                var classifier = dev.genlab.metrics.classifier.ClassifierModel.load(classifierDir, manager)) {
            var reference = dev.genlab.metrics.ReferenceStatistics.read(classifierDir.path());
            Integer expected = s.classIndex() == null ? null
                    : classifier.classNames().indexOf(g.classNames().get(s.classIndex()));
            var q = dev.genlab.metrics.QualityMetrics.of(classifier.run(images), reference,
                    expected == null || expected < 0 ? null : expected, s.seed());
            var out = JsonFields.JSON.createObjectNode();
            out.put("samples", q.count());
            out.put("seed", s.seed());
            out.set("metrics", JsonFields.JSON.valueToTree(q));
            out.set("floor", JsonFields.JSON.valueToTree(dev.genlab.metrics.QualityMetrics.floor(reference, q.count(),
                    s.seed())));
            out.put("reference", classifierDir.name());
            job.result(out);
        }
    }

    /** The request in the model's terms; what the model does not take is noted, not refused. */
    private ImageGeneration.Settings settings(Job job, Generator g) {
        JobRequest r = job.request();
        String name = g.model().name();
        Map<String, String> given = new LinkedHashMap<>(r.params());
        java.util.Set<String> keys = slot.optionKeys(g);
        if (g.followsPrompts()) {
            given.put(GenerationRecord.PROMPT, r.prompt() == null ? "" : r.prompt());
            if (r.negativePrompt() != null && !r.negativePrompt().isEmpty()) {
                given.put(GenerationRecord.NEGATIVE_PROMPT, r.negativePrompt());
            }
        } else {
            if (r.prompt() != null && !r.prompt().isBlank()) {
                job.note("prompt ignored: model " + name + " takes no text");
            }
            if (r.negativePrompt() != null && !r.negativePrompt().isBlank()) {
                job.note("negative prompt ignored: model " + name + " takes no text");
            }
        }
        if ((r.width() != null || r.height() != null) && keys.contains("size") && !given.containsKey("size")) {
            given.put("size", (r.width() != null ? r.width() : r.height()) + "x"
                    + (r.height() != null ? r.height() : r.width()));
        }
        if (r.initImage() != null) {
            if (!keys.contains("init")) {
                throw ApiError.unprocessable("model " + name + " cannot start from an init image; image to image "
                        + "needs a text-to-image model");
            }
            given.put("init", uploads.store(r.initImage(), "init_images[0]").toString());
            if (r.strength() != null) {
                given.put("strength", Double.toString(r.strength()));
            }
            if (r.mask() != null) {
                given.put("mask", uploads.store(r.mask(), "mask").toString());
            }
        } else if (r.mask() != null) {
            job.note("mask ignored: inpainting needs an init image");
        }
        Integer cls = ClassArg.resolve(r.className(), g.classNames(), name);
        long seed = r.seed() != null ? r.seed() : seeds.nextLong(ImageGeneration.MAX_SEED - r.n() + 1);
        return new ImageGeneration.Settings(r.n(), seed, cls, 1.0, sampler(job, g), r.batch(), settings.device(),
                settings.threads(), g.resolveOptions(given));
    }

    private static SamplerSettings sampler(Job job, Generator g) {
        JobRequest r = job.request();
        SamplerSettings d = g.defaultSampler();
        if (d == null) {
            if (r.sampler() != null || r.steps() != null || r.cfg() != null || r.karras() != null) {
                job.note("sampler, steps and cfg_scale ignored: model " + g.model().name()
                        + " makes an image in one pass");
            }
            return null;
        }
        String sampler = r.sampler() != null ? r.sampler() : d.sampler();
        if (!Samplers.NAMES.contains(sampler)) {
            throw ApiError.unprocessable("unknown sampler '" + dev.genlab.core.Printable.of(sampler, 40)
                    + "'; samplers: " + String.join(", ", Samplers.NAMES));
        }
        return new SamplerSettings(sampler, r.steps() != null ? r.steps() : d.steps(), r.cfg() != null ? r.cfg()
                : d.cfg(), d.eta(), r.karras() != null ? r.karras() : d.karras());
    }

    /** A model with a size of its own ignores the width and height asked for; say so once. */
    private static void noteSizeIgnored(Job job, JobRequest r, dev.genlab.data.Image made) {
        boolean asked = r.width() != null || r.height() != null;
        if (asked && ((r.width() != null && r.width() != made.width())
                || (r.height() != null && r.height() != made.height()))) {
            job.note("width and height ignored: model " + job.modelName() + " makes " + made.width() + "x"
                    + made.height() + " images");
        }
    }
}
