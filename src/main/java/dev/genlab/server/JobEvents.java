package dev.genlab.server;

/**
 * What a client watching the server wants to hear as jobs run (ComfyUI's WebSocket messages, the web page's
 * live progress). Called on the worker thread: listeners must return quickly.
 */
public interface JobEvents {

    default void started(Job job) {}

    default void stepped(Job job) {}

    default void imageDone(Job job, Job.Image image) {}

    default void ended(Job job) {}
}
