package dev.genlab.data.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genlab.core.AtomicFiles;
import dev.genlab.core.GenlabException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a UTF-8 JSON header
 * naming each tensor's dtype, shape and byte range, then the raw data. The reader checks the whole
 * header against the file before it allocates any tensor, so a damaged or hostile file is rejected with
 * a message naming the file and the tensor, never an exception trace or a huge allocation.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The reference implementation's limit. */
    static final long MAX_HEADER = 100L * 1024 * 1024;
    public static final String METADATA = "__metadata__";

    private SafeTensors() {}

    /** The tensors of a file, in file order, with its string metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {

        public Tensor get(String name, Path file) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new GenlabException("weights file " + file + " has no tensor '" + name
                        + "' (it was saved by another model or version; re-train or use the matching model)");
            }
            return t;
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    /** A tensor's place in a file: its bytes are {@code [offset, offset + length)} of the file. */
    public record Location(String name, DType dtype, long[] shape, long offset, long length) {}

    /** Where every tensor of a file lies, in file order, with the file's string metadata. */
    public record Index(Path file, Map<String, Location> tensors, Map<String, String> metadata) {}

    /** What the user can do about a damaged genlab model file. */
    private static final String MODEL_HINT = "restore it, e.g. `git checkout -- %s`, or train the model again";

    /**
     * Reads and checks a file's header, as {@link #read} does, without reading any tensor: for files too large
     * for the heap, whose tensors are then read one at a time. {@code hint} says what the user can do about a
     * damaged file.
     */
    public static Index index(Path file, String hint) {
        if (!Files.isRegularFile(file)) {
            throw new GenlabException("file not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch, hint);
            Map<String, Location> tensors = new LinkedHashMap<>();
            for (Entry e : h.entries()) {
                tensors.put(e.name, new Location(e.name, e.dtype, e.shape, h.dataStart() + e.begin, e.end - e.begin));
            }
            return new Index(file, tensors, h.metadata());
        } catch (IOException e) {
            throw new GenlabException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {}

    private static Header header(Path file, FileChannel ch, String hint) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw corrupt(file, "it is " + size + " bytes, shorter than the 8-byte header length", hint);
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLength = lenBuf.flip().getLong();
        if (headerLength < 2 || headerLength > size - 8 || headerLength > MAX_HEADER) {
            throw corrupt(file, "header length " + Long.toUnsignedString(headerLength)
                    + " does not fit the file's " + size + " bytes", hint);
        }
        ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLength);
        readFully(ch, headerBuf, 8);
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(file, headerBuf.flip(), metadata, hint);
        long dataStart = 8 + headerLength;
        validateLayout(file, entries, size - dataStart, hint);
        return new Header(entries, metadata, dataStart);
    }

    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        AtomicFiles.write(file, out -> out.write(encode(tensors, metadata)));
    }

    /** A tensor to be written: its name, element type and shape (the bytes come when it is written). */
    public record Spec(String name, DType dtype, long[] shape) {

        public long bytes() {
            return Tensor.elementCount(shape) * dtype.bytes();
        }
    }

    /** Writes one tensor's bytes, little-endian, exactly {@link Spec#bytes()} of them. */
    @FunctionalInterface
    public interface TensorWriter {
        void write(Spec spec, java.io.OutputStream out) throws IOException;
    }

    /**
     * Writes a file tensor by tensor, for files larger than the heap: the header first, then each tensor's
     * bytes as {@code source} produces them, into a temporary file moved into place at the end.
     */
    public static void write(Path file, List<Spec> specs, Map<String, String> metadata, TensorWriter source) {
        byte[] header = header(specs, metadata);
        AtomicFiles.write(file, out -> {
            var buffered = new java.io.BufferedOutputStream(out, 1 << 20);
            buffered.write(header);
            for (Spec spec : specs) {
                var counting = new CountingStream(buffered);
                source.write(spec, counting);
                if (counting.count != spec.bytes()) {
                    throw new IllegalStateException(spec.name() + ": wrote " + counting.count + " bytes, expected "
                            + spec.bytes());
                }
            }
            buffered.flush();
        });
    }

    /** Counts what passes through, so a writer that gets a tensor's size wrong fails at once. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(java.io.OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** The length prefix and JSON header (padded to 8 bytes) of tensors written in this order. */
    private static byte[] header(List<Spec> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Spec t : tensors) {
            if (header.has(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            ObjectNode e = header.putObject(t.name());
            e.put("dtype", t.dtype().name());
            var shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            var offsets = e.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + t.bytes());
            offset += t.bytes();
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded);
        b.put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    public static byte[] encode(List<Tensor> tensors, Map<String, String> metadata) {
        byte[] header = header(tensors.stream().map(t -> new Spec(t.name(), t.dtype(), t.shape())).toList(), metadata);
        long data = tensors.stream().mapToLong(t -> t.data().length).sum();
        ByteBuffer b = ByteBuffer.allocate(header.length + (int) data);
        b.put(header);
        for (Tensor t : tensors) {
            b.put(t.data());
        }
        return b.array();
    }

    public static Contents read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GenlabException("weights file not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch, MODEL_HINT);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Entry e : h.entries()) {
                ByteBuffer data = ByteBuffer.allocate((int) (e.end - e.begin));
                readFully(ch, data, h.dataStart() + e.begin);
                tensors.put(e.name, new Tensor(e.name, e.dtype, e.shape, data.array()));
            }
            return new Contents(tensors, h.metadata());
        } catch (IOException e) {
            throw new GenlabException("cannot read weights file " + file + ": " + e.getMessage());
        }
    }

    public static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static List<Entry> parseHeader(Path file, ByteBuffer header, Map<String, String> metadata,
            String hint) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(header).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "the header is not valid UTF-8", hint);
        }
        if (!text.startsWith("{")) {
            throw corrupt(file, "the header is not a JSON object", hint);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw corrupt(file, "the header is not valid JSON", hint);
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "the header is not a JSON object", hint);
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA)) {
                if (!v.isObject()) {
                    throw corrupt(file, "__metadata__ is not an object of strings", hint);
                }
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw corrupt(file, "__metadata__ value '" + m.getKey() + "' is not a string", hint);
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.add(parseEntry(file, name, v, hint));
        }
        return entries;
    }

    private static Entry parseEntry(Path file, String name, JsonNode v, String hint) {
        if (!v.isObject()) {
            throw corruptTensor(file, name, "its entry is not an object", hint);
        }
        JsonNode dtypeNode = v.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw corruptTensor(file, name, "no dtype", hint);
        }
        DType dtype = DType.parse(dtypeNode.asText()).orElseThrow(() -> corruptTensor(file, name,
                "unknown dtype '" + dtypeNode.asText() + "'", hint));
        JsonNode shapeNode = v.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw corruptTensor(file, name, "no shape", hint);
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0) {
                throw corruptTensor(file, name, "shape has a bad dimension " + d, hint);
            }
            shape[i] = d.asLong();
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber()) {
            throw corruptTensor(file, name, "data_offsets is not a pair of integers", hint);
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin) {
            throw corruptTensor(file, name, "data_offsets [" + begin + ", " + end + "] are reversed or negative", hint);
        }
        long expected;
        try {
            expected = Math.multiplyExact(Tensor.elementCount(shape), dtype.bytes());
        } catch (ArithmeticException e) {
            throw corruptTensor(file, name, "shape is too large", hint);
        }
        if (end - begin != expected) {
            throw corruptTensor(file, name, "covers " + (end - begin) + " bytes but shape "
                    + java.util.Arrays.toString(shape) + " of " + dtype + " needs " + expected, hint);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Tensors must tile the data section exactly: in bounds, no gaps, no overlaps, no trailing bytes. */
    private static void validateLayout(Path file, List<Entry> entries, long dataLength, String hint) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
        long expected = 0;
        for (Entry e : sorted) {
            if (e.end > dataLength) {
                throw corruptTensor(file, e.name, "data_offsets end " + e.end + " is beyond the data section ("
                        + dataLength + " bytes); the file may be truncated", hint);
            }
            if (e.begin < expected) {
                throw corruptTensor(file, e.name, "overlaps the tensor before it", hint);
            }
            if (e.begin > expected) {
                throw corruptTensor(file, e.name, "leaves a gap of " + (e.begin - expected) + " bytes before it", hint);
            }
            expected = e.end;
        }
        if (expected != dataLength) {
            throw corrupt(file, (dataLength - expected) + " trailing bytes after the last tensor", hint);
        }
    }

    private static GenlabException corrupt(Path file, String what, String hint) {
        return new GenlabException("corrupt weights file " + file + ": " + what + " ("
                + hint.replace("%s", String.valueOf(file.getFileName())) + ")");
    }

    private static GenlabException corruptTensor(Path file, String tensor, String what, String hint) {
        return corrupt(file, "tensor '" + tensor + "' " + what, hint);
    }
}
