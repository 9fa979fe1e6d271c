package dev.genlab.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** genlab's version and the git commit it was built from (recorded at build time). */
public final class Version {

    private static final Properties GIT = load();

    private Version() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/genlab-git.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // no build info: reported as "unknown"
        }
        return p;
    }

    public static String version() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    /** Abbreviated commit, with "-dirty" when the build had uncommitted changes. */
    public static String commit() {
        String c = GIT.getProperty("git.commit.id.abbrev", "unknown");
        if (c.isEmpty()) {
            c = "unknown";
        }
        return "true".equals(GIT.getProperty("git.dirty")) ? c + "-dirty" : c;
    }

    public static String describe() {
        return "genlab " + version() + " (commit " + commit() + ")";
    }
}
