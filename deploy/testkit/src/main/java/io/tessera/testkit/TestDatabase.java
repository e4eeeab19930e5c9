package io.tessera.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The real PostgreSQL that tests run against. The server must be running with a role that may
 * create databases (deploy/postgres.sh sets that up); each service's tests get their own database.
 */
public final class TestDatabase {
    public static final String HOST = env("TESSERA_TEST_PG_HOST", "localhost");
    public static final String PORT = env("TESSERA_TEST_PG_PORT", "5432");
    public static final String USER = env("TESSERA_TEST_PG_USER", "tessera");
    public static final String PASSWORD = env("TESSERA_TEST_PG_PASSWORD", "tessera");

    private TestDatabase() {
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** Drops {@code database} (closing its connections) and creates it empty; returns its JDBC URL. */
    public static String recreate(String database) {
        checkName(database);
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw unusable(e);
        }
        return url(database);
    }

    /** Creates {@code database} if it does not exist and returns its JDBC URL. */
    public static String ensure(String database) {
        checkName(database);
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw unusable(e);
        }
        return url(database);
    }

    private static void checkName(String database) {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
    }

    private static IllegalStateException unusable(SQLException e) {
        return new IllegalStateException("PostgreSQL at " + HOST + ":" + PORT + " is not usable as " + USER
                + " (run deploy/postgres.sh first): " + e.getMessage(), e);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
