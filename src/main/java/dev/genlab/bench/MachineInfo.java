package dev.genlab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A description of the machine the figures were taken on. */
final class MachineInfo {

    private MachineInfo() {}

    static BenchResults.Machine describe(String device, Integer threads, double peakGflops) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new BenchResults.Machine(System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("os.arch"), cpuModel(), cpus, memoryGb(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "DJL 0.33.0, PyTorch 2.5.1", device, threads != null ? threads : cpus, peakGflops);
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: no model name
        }
        return "unknown";
    }

    private static double memoryGb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024.0 / 1024.0;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }
}
