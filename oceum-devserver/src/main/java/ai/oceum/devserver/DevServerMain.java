package ai.oceum.devserver;

import ai.oceum.devserver.store.Database;
import ai.oceum.devserver.vault.VaultKeys;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code java -jar oceum-devserver.jar [options]}. Prints the dashboard URL
 * and the API key (a local development key: showing it is the point), then serves until
 * interrupted (Ctrl+C).
 */
public final class DevServerMain {
    /** The port the command line uses when none is given. */
    public static final int DEFAULT_PORT = 7070;

    static final String USAGE = """
            Usage: java -jar oceum-devserver/target/oceum-devserver.jar [options]

              --port N                     port to listen on (default %d; 0 = any free port, printed)
              --host H                     address to bind (default 127.0.0.1: this machine only)
              --allow-host NAME            another name to answer to (e.g. this machine's name with --host 0.0.0.0);
                                           other Host headers are refused (DNS rebinding); repeatable
              --data-dir D                 where the H2 database and vault.key live (default ./.oceum)
              --in-memory                  keep nothing on disk (in-memory H2, ephemeral vault key)
              --jdbc-url U                 another database instead of H2; PostgreSQL's driver is in this jar:
                                           'jdbc:postgresql://localhost/oceum?user=u&password=p' (quote it)
              --api-key K                  the API key clients must send (default: generated and printed)
              --price-table F              model prices (.properties or .json) overriding the defaults
              --budget-usd X               budget cap per agent in USD
              --retention N                rows kept per history table (default 100000)
              --max-body-bytes N           largest request body (default 524288)
              --chaos SPEC                 fault injection, e.g. 429=0.2,500=0.1,latency=200ms
              --vault-proxy-allow-private  let the vault proxy call loopback/private addresses
              --help                       this text

            Environment: OCEUM_DEVSERVER_VAULT_KEY = base64 AES key for the vault (else <data-dir>/vault.key).
            """.formatted(DEFAULT_PORT);

    private static final java.util.Set<String> VALUE_OPTIONS = java.util.Set.of(
            "--port",
            "--host",
            "--allow-host",
            "--data-dir",
            "--jdbc-url",
            "--api-key",
            "--price-table",
            "--budget-usd",
            "--retention",
            "--max-body-bytes",
            "--chaos");

    private DevServerMain() {}

    /** Runs the server until the process is stopped. */
    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "ai/oceum/devserver/logback-cli.xml");
        }
        DevServerBuilder builder;
        try {
            builder = parse(args, System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println();
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (builder == null) {
            return; // --help
        }
        DevServer server = builder.build();
        try {
            server.start();
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        printBanner(server, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            stopped.countDown();
                        },
                        "oceum-devserver-shutdown"));
        stopped.await();
    }

    /** Reads the options into a builder; null when only help was asked for. */
    static DevServerBuilder parse(String[] args, PrintStream out) {
        DevServerBuilder b = DevServer.builder().port(DEFAULT_PORT);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    out.print(USAGE);
                    return null;
                }
                case "--in-memory" -> b.inMemory();
                case "--vault-proxy-allow-private" -> b.vaultProxyAllowPrivate(true);
                default -> {
                    if (!VALUE_OPTIONS.contains(name)) {
                        throw new IllegalArgumentException(
                                name.startsWith("-")
                                        ? "unknown option '" + name + "'"
                                        : "unexpected argument '" + name + "'");
                    }
                    String value = inline != null ? inline : value(args, ++i, name);
                    apply(b, name, value);
                }
            }
        }
        return b;
    }

    private static void apply(DevServerBuilder b, String name, String value) {
        switch (name) {
            case "--port" -> b.port(integer(name, value));
            case "--host" -> b.host(value);
            case "--allow-host" -> {
                for (String host : value.split(",")) {
                    b.allowHost(host);
                }
            }
            case "--data-dir" -> b.dataDir(Path.of(value));
            case "--jdbc-url" -> b.jdbcUrl(value);
            case "--api-key" -> b.apiKey(value);
            case "--price-table" -> b.priceTable(Path.of(value));
            case "--budget-usd" -> b.budgetUsd(decimal(name, value));
            case "--retention" -> b.retention(integer(name, value));
            case "--max-body-bytes" -> b.maxBodyBytes(integer(name, value));
            case "--chaos" -> b.chaos(value);
            default -> throw new IllegalArgumentException("unknown option '" + name + "'");
        }
    }

    static void printBanner(DevServer server, PrintStream out) {
        DevServerConfig c = server.config();
        out.println("Oceum dev server is running");
        out.println("  dashboard  " + server.dashboardUrl());
        out.println("  API        " + server.baseUrl() + "/api/webhook");
        out.println("  API key    " + server.apiKey()
                + (c.apiKeyGenerated() ? "   (generated; --api-key to choose one)" : ""));
        boolean memory = c.jdbcUrl().startsWith("jdbc:h2:mem:");
        out.println("  storage    " + (memory ? "in memory" : Database.redact(c.jdbcUrl())));
        String envKey = System.getenv(VaultKeys.ENV);
        out.println("  vault key  "
                + (envKey != null && !envKey.isBlank()
                        ? "from " + VaultKeys.ENV
                        : c.dataDir() != null
                                ? c.dataDir().resolve(VaultKeys.FILE).toString()
                                : "ephemeral (stored secrets cannot be read after a restart)"));
        if (c.chaos().isActive()) {
            out.println("  chaos      " + c.chaos());
        }
        out.println();
        out.println("Point an agent at it (any agent id you like):");
        out.println("  export " + clientEnvironment(server, "my-agent"));
        out.println("Stop with Ctrl+C.");
        out.flush();
    }

    /**
     * The environment a client needs ({@code Oceum.fromEnv()}): base URL, key and agent id, and
     * permission for plain HTTP when the server is not on a loopback address (the SDK refuses
     * plain HTTP elsewhere, since it would send the key in clear text).
     */
    static String clientEnvironment(DevServer server, String agentId) {
        String env = "OCEUM_BASE_URL=" + server.baseUrl() + " OCEUM_API_KEY=" + server.apiKey() + " OCEUM_AGENT_ID="
                + agentId;
        return isLoopbackUrl(server.baseUrl()) ? env : env + " OCEUM_ALLOW_INSECURE_HTTP=true";
    }

    private static boolean isLoopbackUrl(String url) {
        String host = java.net.URI.create(url).getHost().replace("[", "").replace("]", "");
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false; // a name: not resolved here, and not loopback for the SDK either
        }
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress(); // an IP literal: no lookup
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static BigDecimal decimal(String name, String value) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }
}
