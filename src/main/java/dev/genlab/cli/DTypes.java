package dev.genlab.cli;

import dev.genlab.core.UsageException;
import dev.genlab.data.safetensors.DType;

/** The element types the command line names as users know them: fp16, bf16, fp32. */
final class DTypes {

    private DTypes() {}

    static DType parse(String text) {
        return switch (text) {
            case "fp16", "f16", "half" -> DType.F16;
            case "bf16" -> DType.BF16;
            case "fp32", "f32", "float" -> DType.F32;
            default -> throw new UsageException("--dtype must be fp16, bf16 or fp32, got '" + text + "'");
        };
    }
}
