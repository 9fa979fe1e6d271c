package dev.genlab.runs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genlab.bench.BenchResults;
import dev.genlab.core.GenlabException;
import dev.genlab.modelstore.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The run database, open (SQLite or PostgreSQL): images and bench runs in, history out. One connection, used by one thread at a time
 * (the methods are synchronized: the server's worker writes while its request threads read). Several genlab
 * processes may share the file: SQLite's write-ahead log lets readers run beside a writer, and a writer waits
 * up to {@link #BUSY_MILLIS} for another.
 */
public final class RunDatabase implements AutoCloseable {

    static final int BUSY_MILLIS = 10_000;
    /**
     * The newest migration in db/migration/sqlite (a test keeps the two in step): a file already at it is
     * opened without starting Flyway, which costs 0.4 s of a command's start.
     */
    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = ModelDirectory.JSON;

    private final RunDatabaseLocation location;
    private final Connection connection;

    private RunDatabase(RunDatabaseLocation location, Connection connection) {
        this.location = location;
        this.connection = connection;
    }

    /** Opens the database, creating it and bringing its schema up to date where needed. */
    public static RunDatabase open(RunDatabaseLocation location) {
        try {
            if (location.file() != null && location.file().toAbsolutePath().getParent() != null) {
                Files.createDirectories(location.file().toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new GenlabException("cannot create the folder of the run database " + location.describe() + ": "
                    + e.getMessage() + " (choose another with --db, or --db off)");
        }
        try {
            Connection c = DriverManager.getConnection(location.jdbcUrl());
            if (!location.postgres()) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA busy_timeout = " + BUSY_MILLIS);
                    s.execute("PRAGMA journal_mode = WAL");
                    s.execute("PRAGMA foreign_keys = ON");
                }
            }
            if (schemaVersion(c) != SCHEMA_VERSION) {
                migrate(location);
            }
            return new RunDatabase(location, c);
        } catch (SQLException | FlywayException e) {
            throw new GenlabException("cannot open the run database " + location.describe() + ": "
                    + firstLine(e.getMessage()) + " (choose another with --db, or --db off)");
        }
    }

    /** The newest schema version Flyway applied to this file, or -1 for a new (or foreign) file. */
    static int schemaVersion(Connection c) {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history "
                        + "WHERE success")) {
            return rs.next() ? rs.getInt(1) : -1;
        } catch (SQLException noHistoryYet) {
            return -1;
        }
    }

    /** Applies the schema's migrations (db/migration/sqlite or postgresql) that the database has not had yet. */
    private static void migrate(RunDatabaseLocation location) {
        Flyway.configure(RunDatabase.class.getClassLoader()).dataSource(location.jdbcUrl(), null, null)
                .locations("classpath:db/migration/" + (location.postgres() ? "postgresql" : "sqlite"))
                .failOnMissingLocations(true).load().migrate();
    }

    public RunDatabaseLocation location() {
        return location;
    }

    /** Stores an image; returns its id. */
    public synchronized long addImage(ImageEntry e) {
        String sql = "INSERT INTO images (created, source, path, model, family, weights_sha256, seed, width, height, "
                + "class_name, prompt, sampler, steps, cfg, parameters, record, seconds, rss_mb) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            int i = 1;
            p.setString(i++, e.created());
            p.setString(i++, e.source());
            p.setString(i++, e.path());
            p.setString(i++, e.model());
            p.setString(i++, e.family());
            p.setString(i++, e.weightsSha256());
            p.setLong(i++, e.seed());
            p.setInt(i++, e.width());
            p.setInt(i++, e.height());
            p.setString(i++, e.className());
            p.setString(i++, e.prompt());
            p.setString(i++, e.sampler());
            setNullable(p, i++, e.steps());
            setNullable(p, i++, e.cfg());
            p.setString(i++, e.parameters());
            p.setString(i++, e.record());
            p.setDouble(i++, e.seconds());
            setNullable(p, i, e.rssMb());
            p.executeUpdate();
            return generatedId(p);
        } catch (SQLException ex) {
            throw failure("store an image in", ex);
        }
    }

    /** Stores a bench run and its rows (failed ones with their reason) in one transaction; returns its id. */
    public synchronized long addBenchRun(BenchResults r, Path dir) {
        try {
            connection.setAutoCommit(false);
            try {
                long id = insertRun(r, dir);
                insertRows(id, r);
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException ex) {
            throw failure("store a bench run in", ex);
        }
    }

    private long insertRun(BenchResults r, Path dir) throws SQLException {
        String sql = "INSERT INTO bench_runs (created, dir, genlab, commit_id, device, threads, wall_seconds, results) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, r.created() == null ? Timestamps.now() : Timestamps.normalize(r.created()));
            p.setString(2, dir == null ? null : dir.toAbsolutePath().normalize().toString());
            p.setString(3, r.genlab());
            p.setString(4, r.commit());
            p.setString(5, r.machine() == null ? null : r.machine().device());
            setNullable(p, 6, r.machine() == null ? null : r.machine().threads());
            p.setDouble(7, r.wallSeconds());
            p.setString(8, json(r));
            p.executeUpdate();
            return generatedId(p);
        }
    }

    private void insertRows(long runId, BenchResults r) throws SQLException {
        String sql = "INSERT INTO bench_rows (run_id, model, family, label, settings, seconds_per_image, "
                + "images_per_second, best_batch, rss_after_load_mb, peak_rss_mb, peak_gpu_mb, fd, failure) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
            for (BenchResults.Row row : r.rows()) {
                p.setLong(1, runId);
                p.setString(2, row.model());
                p.setString(3, row.family());
                p.setString(4, row.label());
                p.setString(5, json(row.settings()));
                setNullable(p, 6, row.latency() == null ? null : row.latency().median());
                p.setDouble(7, row.imagesPerSecond());
                p.setInt(8, row.bestBatch());
                p.setDouble(9, row.rssAfterLoadMb());
                p.setDouble(10, row.peakRssMb());
                setNullable(p, 11, row.peakGpuMb());
                setNullable(p, 12, row.quality() == null || row.quality().fd() == null ? null
                        : row.quality().fd().mean());
                p.setString(13, null);
                p.addBatch();
            }
            for (BenchResults.Failure f : r.failures()) {
                p.setLong(1, runId);
                p.setString(2, f.model());
                p.setString(3, "");
                p.setString(4, f.model());
                p.setString(5, json(f.settings() == null ? java.util.Map.of() : f.settings()));
                for (int i = 6; i <= 12; i++) {
                    p.setNull(i, Types.NULL);
                }
                p.setString(13, f.reason());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Images, newest first. */
    public synchronized List<ImageEntry> images(HistoryQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM images WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(q, sql, args);
        sql.append(" ORDER BY created DESC, id DESC LIMIT ?");
        args.add(q.limit());
        List<ImageEntry> out = new ArrayList<>();
        try (PreparedStatement p = prepare(sql.toString(), args); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(image(rs));
            }
            return out;
        } catch (SQLException ex) {
            throw failure("read images from", ex);
        }
    }

    /** One image by id. */
    public synchronized Optional<ImageEntry> image(long id) {
        try (PreparedStatement p = prepare("SELECT * FROM images WHERE id = ?", List.of(id));
                ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(image(rs)) : Optional.empty();
        } catch (SQLException ex) {
            throw failure("read an image from", ex);
        }
    }

    /** Bench runs, newest first, with their rows; with a model, only runs that measured it. */
    public synchronized List<BenchRunEntry> benchRuns(HistoryQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM bench_runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.model() != null) {
            sql.append(" AND id IN (SELECT run_id FROM bench_rows WHERE model = ?)");
            args.add(q.model());
        }
        if (q.since() != null) {
            sql.append(" AND created >= ?");
            args.add(q.since());
        }
        sql.append(" ORDER BY created DESC, id DESC LIMIT ?");
        args.add(q.limit());
        return runsWithRows(sql.toString(), args);
    }

    /** One bench run by id, with its rows. */
    public synchronized Optional<BenchRunEntry> benchRun(long id) {
        return runsWithRows("SELECT * FROM bench_runs WHERE id = ?", List.of(id)).stream().findFirst();
    }

    private List<BenchRunEntry> runsWithRows(String sql, List<?> args) {
        List<BenchRunEntry> out = new ArrayList<>();
        try (PreparedStatement p = prepare(sql, args); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong("id");
                out.add(new BenchRunEntry(id, rs.getString("created"), rs.getString("dir"), rs.getString("genlab"),
                        rs.getString("commit_id"), rs.getString("device"), nullableInt(rs, "threads"),
                        nullableDouble(rs, "wall_seconds"), List.of()));
            }
        } catch (SQLException ex) {
            throw failure("read bench runs from", ex);
        }
        List<BenchRunEntry> withRows = new ArrayList<>();
        for (BenchRunEntry e : out) {
            withRows.add(new BenchRunEntry(e.id(), e.created(), e.dir(), e.genlab(), e.commit(), e.device(),
                    e.threads(), e.wallSeconds(), rows(e.id())));
        }
        return withRows;
    }

    /** A bench run's results.json as stored, or empty. */
    public synchronized Optional<String> benchResults(long runId) {
        try (PreparedStatement p = prepare("SELECT results FROM bench_runs WHERE id = ?", List.of(runId));
                ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException ex) {
            throw failure("read a bench run from", ex);
        }
    }

    private List<BenchRunEntry.Row> rows(long runId) throws GenlabException {
        List<BenchRunEntry.Row> rows = new ArrayList<>();
        try (PreparedStatement p = prepare("SELECT * FROM bench_rows WHERE run_id = ? ORDER BY id", List.of(runId));
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                rows.add(new BenchRunEntry.Row(rs.getString("model"), rs.getString("family"), rs.getString("label"),
                        nullableDouble(rs, "seconds_per_image"), nullableDouble(rs, "images_per_second"),
                        nullableInt(rs, "best_batch"), nullableDouble(rs, "peak_rss_mb"),
                        nullableDouble(rs, "peak_gpu_mb"), nullableDouble(rs, "fd"), rs.getString("failure")));
            }
            return rows;
        } catch (SQLException ex) {
            throw failure("read bench rows from", ex);
        }
    }

    /**
     * Imports a bench history file of earlier versions (one results.json a line) unless it was imported
     * before; returns the runs imported (0 the second time). Unreadable lines are skipped and counted.
     */
    public synchronized int importHistory(Path jsonl) {
        if (!Files.isRegularFile(jsonl)) {
            return 0;
        }
        String key = jsonl.toAbsolutePath().normalize().toString();
        try (PreparedStatement p = prepare("SELECT 1 FROM imported_files WHERE path = ?", List.of(key));
                ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                return 0;
            }
        } catch (SQLException ex) {
            throw failure("read", ex);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(jsonl);
        } catch (IOException e) {
            throw new GenlabException("cannot read " + jsonl + " to import it: " + e.getMessage());
        }
        int imported = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            BenchResults r;
            try {
                r = JSON.readValue(line, BenchResults.class);
            } catch (IOException | RuntimeException unreadable) {
                continue; // a line cut short by a crash, or of an older schema: the rest still imports
            }
            addBenchRun(r, null);
            imported++;
        }
        try (PreparedStatement p = prepare("INSERT INTO imported_files (path, lines, imported) VALUES (?, ?, ?)",
                List.of(key, lines.size(), Timestamps.now()))) {
            p.executeUpdate();
        } catch (SQLException ex) {
            throw failure("record the import in", ex);
        }
        return imported;
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to keep
        }
    }

    private static void where(HistoryQuery q, StringBuilder sql, List<Object> args) {
        if (q.model() != null) {
            sql.append(" AND model = ?");
            args.add(q.model());
        }
        if (q.since() != null) {
            sql.append(" AND created >= ?");
            args.add(q.since());
        }
    }

    private static ImageEntry image(ResultSet rs) throws SQLException {
        return new ImageEntry(rs.getLong("id"), rs.getString("created"), rs.getString("source"), rs.getString("path"),
                rs.getString("model"), rs.getString("family"), rs.getString("weights_sha256"), rs.getLong("seed"),
                rs.getInt("width"), rs.getInt("height"), rs.getString("class_name"), rs.getString("prompt"),
                rs.getString("sampler"), nullableInt(rs, "steps"), nullableDouble(rs, "cfg"),
                rs.getString("parameters"), rs.getString("record"), rs.getDouble("seconds"),
                nullableDouble(rs, "rss_mb"));
    }

    private PreparedStatement prepare(String sql, List<?> args) throws SQLException {
        PreparedStatement p = connection.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            p.setObject(i + 1, args.get(i));
        }
        return p;
    }

    private static long generatedId(PreparedStatement p) throws SQLException {
        try (ResultSet keys = p.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static void setNullable(PreparedStatement p, int i, Number v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.NULL);
        } else if (v instanceof Integer n) {
            p.setInt(i, n);
        } else {
            p.setDouble(i, v.doubleValue());
        }
    }

    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new GenlabException("cannot write JSON for the run database: " + e.getOriginalMessage());
        }
    }

    private GenlabException failure(String what, SQLException ex) {
        return new GenlabException("cannot " + what + " the run database " + location.describe() + ": "
                + firstLine(ex.getMessage()) + " (choose another with --db, or --db off)");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
