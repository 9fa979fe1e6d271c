package dev.genlab.runs;

import dev.genlab.model.GenerationRecord;
import java.nio.file.Path;

/**
 * One generated image as the run database keeps it: where it was written, what made it (the PNG's own
 * parameters, whole) and what it cost.
 *
 * @param id      the database's id, 0 before it is stored
 * @param source  "cli" or "server"
 * @param seconds generation time per image (its micro-batch's share)
 * @param rssMb   resident memory of the process after the image, or null where it is not known
 */
public record ImageEntry(long id, String created, String source, String path, String model, String family,
        String weightsSha256, long seed, int width, int height, String className, String prompt, String sampler,
        Integer steps, Double cfg, String parameters, String record, double seconds, Double rssMb) {

    /** An image just written, from its record. */
    public static ImageEntry of(GenerationRecord r, Path file, double seconds, Double rssMb, String source) {
        String shortHash = r.weightsSha256() == null ? "" : r.weightsSha256().substring(0, 10);
        String prompt = r.options() == null ? null : r.options().get(GenerationRecord.PROMPT);
        var s = r.sampler();
        return new ImageEntry(0, Timestamps.now(), source, file.toAbsolutePath().normalize().toString(),
                r.model(), r.family(), r.weightsSha256(), r.seed(), r.width(), r.height(), r.className(), prompt,
                s == null ? null : s.sampler(), s == null ? null : s.steps(), s == null ? null : s.cfg(),
                r.toA1111(shortHash).format(), r.toJson(), seconds, rssMb);
    }
}
