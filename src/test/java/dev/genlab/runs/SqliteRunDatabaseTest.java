package dev.genlab.runs;

/** The run database in a SQLite file (the default, runs/genlab.db), in a folder that does not exist yet. */
class SqliteRunDatabaseTest extends RunDatabaseContract {

    @Override
    RunDatabaseLocation fresh(String name) {
        return RunDatabaseLocation.ofFile(dir.resolve("sub").resolve(name + ".db"));
    }
}
