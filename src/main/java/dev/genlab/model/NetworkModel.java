package dev.genlab.model;

import ai.djl.ndarray.NDManager;
import dev.genlab.modelstore.ModelDirectory;
import dev.genlab.nn.Parameters;
import java.util.function.Function;

/**
 * What every trained family's model holds: the folder it was loaded from, its network, and the manager that
 * owns the network's weights and is closed with the model.
 *
 * @param <N> the network (or a record of the networks) the family's model runs
 */
public abstract class NetworkModel<N> implements Generator {

    /** Null for a model evaluated during training, before it has a folder. */
    protected final ModelDirectory dir;
    protected final N net;
    protected final NDManager manager;
    private long bytesPerItem;

    protected NetworkModel(ModelDirectory dir, N net, NDManager manager) {
        this.dir = dir;
        this.net = net;
        this.manager = manager;
    }

    /** Makes the model of a network and the manager that owns its weights. */
    @FunctionalInterface
    protected interface Assembly<N, M> {
        M of(ModelDirectory dir, N net, NDManager manager);
    }

    /**
     * Builds the network on fresh parameters in a new sub-manager of {@code parent}, reads the folder's weights
     * into it (each name and shape checked) and assembles the model.
     */
    protected static <N, M> M load(ModelDirectory dir, NDManager parent, Function<Parameters, N> build,
            Assembly<N, M> assembly) {
        var loaded = Parameters.load(parent, dir.weights(), build);
        return assembly.of(dir, loaded.network(), loaded.manager());
    }

    @Override
    public ModelDirectory model() {
        return dir;
    }

    /**
     * What one item of a batch costs the network in memory, measured the first time it is asked for ({@link
     * dev.genlab.nn.ActivationBytes}): {@code passOnTwo} runs the network on two items under the manager it gets.
     */
    protected final synchronized long bytesPerItem(java.util.function.Consumer<NDManager> passOnTwo) {
        if (bytesPerItem == 0) {
            bytesPerItem = dev.genlab.nn.ActivationBytes.perItem(manager, 2, passOnTwo);
        }
        return bytesPerItem;
    }

    /**
     * Refuses a batch of {@code images} whose arrays, {@code bytes} in all, would not fit in the free memory: one
     * line with both figures instead of a process the kernel kills half-way (see {@link
     * dev.genlab.nn.ActivationBytes}).
     */
    protected void requireMemory(int images, long bytes) {
        dev.genlab.core.MemoryBudget.require(bytes, "a batch of " + images + " images of "
                + (dir == null ? "this model" : dir.name()), "use a smaller --batch");
    }

    @Override
    public void close() {
        manager.close();
    }
}
