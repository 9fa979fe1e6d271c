package dev.genlab.checkpoint;

import dev.genlab.core.GenlabException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor storage as torch pickles it inside a plain pickle: the bytes of a legacy (pre-zip) torch.save of
 * the storage alone. Five pickles in a row — the magic number, the format version (1001), the system's byte
 * order and type sizes, the object (a persistent id naming the storage's key, type and element count), the
 * list of storage keys — then, per key in that order, its element count as a little-endian int64 and its raw
 * bytes. Only the header is parsed; the data is located in the file.
 */
final class LegacyStorageBlob {

    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final int VERSION = 1001;

    private LegacyStorageBlob() {}

    static RestrictedUnpickler.Storage read(NetworkPickleUnpickler.FileBytes blob, Path file) {
        ByteArrayInputStream in = new ByteArrayInputStream(blob.head());
        Map<String, RestrictedUnpickler.Storage> named = new HashMap<>();
        try {
            Object magic = plain(file).load(in, blob.head().length);
            Object version = plain(file).load(in, blob.head().length);
            Object system = plain(file).load(in, blob.head().length);
            if (!(magic instanceof Number m) || !new BigInteger(m.toString()).equals(MAGIC)
                    || !(version instanceof Number v) || v.intValue() != VERSION) {
                throw damaged(file, "a tensor storage is not in torch's legacy format");
            }
            if (system instanceof Map<?, ?> s && Boolean.FALSE.equals(s.get("little_endian"))) {
                throw new GenlabException("not supported yet: " + file + " was saved on a big-endian machine");
            }
            Object object = new RestrictedUnpickler((key, dtype, elements) -> {
                var s = new RestrictedUnpickler.Storage(dtype, key, -1, elements * dtype.bytes());
                named.put(key, s);
                return s;
            }).load(in, blob.head().length);
            Object keys = plain(file).load(in, blob.head().length);
            if (!(object instanceof RestrictedUnpickler.Storage wanted) || !(keys instanceof List<?> order)) {
                throw damaged(file, "a pickled tensor storage holds something else");
            }
            long position = blob.head().length - in.available();
            long found = -1;
            for (Object key : order) {
                var s = named.get(String.valueOf(key));
                if (s == null) {
                    throw damaged(file, "a tensor storage lists a key it does not hold");
                }
                if (position + 8 > blob.head().length) {
                    throw damaged(file, "a tensor storage's header is too long");
                }
                long elements = ByteBuffer.wrap(blob.head(), (int) position, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                if (elements * s.dtype().bytes() != s.bytes()) {
                    throw damaged(file, "a tensor storage's size disagrees with its header");
                }
                if (s.key().equals(wanted.key())) {
                    found = blob.offset() + position + 8;
                }
                position += 8 + s.bytes();
            }
            if (found < 0 || position != blob.length()) {
                throw damaged(file, "a tensor storage's length disagrees with its header");
            }
            return new RestrictedUnpickler.Storage(wanted.dtype(), wanted.key(), found, wanted.bytes());
        } catch (GenlabException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw damaged(file, "a tensor storage cannot be read (" + NetworkPickle.oneLine(e) + ")");
        }
    }

    private static RestrictedUnpickler plain(Path file) {
        return new RestrictedUnpickler((key, dtype, elements) -> {
            throw damaged(file, "a storage header refers to another storage");
        });
    }

    private static GenlabException damaged(Path file, String what) {
        return new GenlabException("checkpoint " + file + " is damaged: " + what + "; download or copy it again");
    }
}
