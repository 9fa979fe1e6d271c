package dev.genlab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a training run stands: enough to resume it exactly (partial sums included, so the loss curve of
 * a resumed run equals that of an uninterrupted one) and to write its model card.
 *
 * @param epoch        the epoch in progress (0-based)
 * @param batchInEpoch batches of that epoch already done
 * @param globalStep   optimizer steps taken so far
 * @param seconds      wall time spent training, summed over sessions
 * @param curve        mean losses, one point per {@link TrainingLoop#CURVE_EVERY} steps
 * @param epochs       mean losses per finished epoch
 * @param curveRunning sums since the last curve point
 * @param epochRunning sums since the start of the epoch
 */
public record TrainingState(int epoch, int batchInEpoch, long globalStep, double seconds, List<CurvePoint> curve,
        List<EpochSummary> epochs, Running curveRunning, Running epochRunning) {

    public record CurvePoint(long step, Map<String, Double> losses) {}

    public record EpochSummary(int epoch, long step, Map<String, Double> losses, double seconds) {}

    /** Sums of losses over {@code count} steps. */
    public record Running(Map<String, Double> sums, int count) {

        public static Running empty() {
            return new Running(new TreeMap<>(), 0);
        }

        public Running add(Map<String, Double> losses) {
            Map<String, Double> s = new TreeMap<>(sums);
            losses.forEach((k, v) -> s.merge(k, v, Double::sum));
            return new Running(s, count + 1);
        }

        public Map<String, Double> means() {
            Map<String, Double> out = new TreeMap<>();
            sums.forEach((k, v) -> out.put(k, v / Math.max(1, count)));
            return out;
        }
    }

    public static TrainingState start() {
        return new TrainingState(0, 0, 0, 0, List.of(), List.of(), Running.empty(), Running.empty());
    }

    public TrainingState {
        curve = new ArrayList<>(curve);
        epochs = new ArrayList<>(epochs);
        curveRunning = curveRunning == null ? Running.empty() : curveRunning;
        epochRunning = epochRunning == null ? Running.empty() : epochRunning;
    }

    /** The loss of the last finished epoch, or of the last curve point if no epoch has finished. */
    public Map<String, Double> lastLosses() {
        if (!epochs.isEmpty()) {
            return epochs.get(epochs.size() - 1).losses();
        }
        return curve.isEmpty() ? Map.of() : curve.get(curve.size() - 1).losses();
    }
}
