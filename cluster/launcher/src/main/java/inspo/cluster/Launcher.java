package inspo.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * A local SolrCloud cluster for Inspo's cluster engine: an embedded ZooKeeper and N real Solr
 * nodes (each its own Jetty on its own port, Solr 9 with dense vectors and BM25 in core), in one
 * JVM, built on solr-test-framework's MiniSolrCloudCluster.
 *
 * <p>The cluster starts empty: `npm run index` with INSPO_ENGINE=solr uploads Inspo's configset,
 * creates a collection (shards with replicas) and points the alias at it. The directory is wiped
 * at start: a node keeps no state between runs of the launcher.
 *
 * <p>A control endpoint on 127.0.0.1 (the fault drills use it) reports the nodes and stops or
 * restarts one: GET /status, POST /nodes/{n}/stop, POST /nodes/{n}/start, POST /shutdown.
 *
 * <p>Ctrl-C (SIGINT) or SIGTERM stops every node, then ZooKeeper, and exits 0.
 */
public final class Launcher {
  private static final String CONTEXT = "/solr";
  private static final int NODE_START_TIMEOUT_S = 120;

  private final Options options;
  private MiniSolrCloudCluster cluster;
  /** Node n (1-based) is nodes.get(n - 1); a stopped node stays in the list to be restarted. */
  private final List<JettySolrRunner> nodes = new ArrayList<>();

  private Launcher(Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("inspo-cluster: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.println(Options.USAGE);
      return;
    }
    Launcher launcher = new Launcher(options);
    try {
      launcher.run();
    } catch (Exception e) {
      System.err.println("inspo-cluster: could not start the cluster: " + e);
      launcher.stopQuietly();
      System.exit(1);
    }
  }

  private void run() throws Exception {
    Instant started = Instant.now();
    for (int i = 0; i < options.nodes; i++) requireFreePort(options.port + i);
    requireFreePort(options.controlPort);
    Path dir = options.dir.toAbsolutePath();
    deleteTree(dir);
    Files.createDirectories(dir);

    // Shard requests between nodes go to 127.0.0.1 ports only; allow them.
    System.setProperty("solr.disable.allowUrls", "true");
    System.setProperty("solr.log.dir", dir.resolve("logs").toString());
    // Fewer background threads on a small machine; nothing here needs the metrics history.
    System.setProperty("solr.metrics.jvm.enabled", "false");
    // ZkTestServer asks ZooKeeper for its 'stat' four-letter word; allow it up front (else it logs an error).
    System.setProperty("zookeeper.4lw.commands.whitelist", "*");
    // Shard requests between nodes (solr.xml's shardHandlerFactory): a node that stops while it holds
    // one must not hold the whole search for the default 90 s; the coordinator tries another copy.
    System.setProperty("connTimeout", "2000");
    System.setProperty("socketTimeout", "8000");

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("inspo-cluster: stopping " + options.nodes + " nodes");
                  stopQuietly();
                  System.out.println("inspo-cluster: stopped");
                  stopped.countDown();
                },
                "inspo-cluster-shutdown"));

    // ZooKeeper alone first (0 nodes), then each node on its own fixed port.
    cluster =
        new MiniSolrCloudCluster.Builder(0, dir)
            .withJettyConfig(b -> b.setContext(CONTEXT))
            .withTraceIdGenerationDisabled()
            .build();
    for (int i = 0; i < options.nodes; i++) {
      JettyConfig config =
          JettyConfig.builder().setContext(CONTEXT).setPort(options.port + i).stopAtShutdown(false).build();
      nodes.add(cluster.startJettySolrRunner("node" + (i + 1), CONTEXT, config));
    }
    for (JettySolrRunner node : nodes) cluster.waitForNode(node, NODE_START_TIMEOUT_S);
    waitForLiveNodes(options.nodes, Duration.ofSeconds(NODE_START_TIMEOUT_S));

    HttpServer control = startControl();
    writeState(dir);

    long ms = Duration.between(started, Instant.now()).toMillis();
    System.out.println("inspo-cluster: SolrCloud " + org.apache.solr.client.api.util.SolrVersion.LATEST + ", "
        + options.nodes + " nodes healthy in " + ms + " ms");
    for (int i = 0; i < nodes.size(); i++) {
      System.out.println("  node " + (i + 1) + ": " + nodeUrl(i));
    }
    System.out.println("  zookeeper: " + cluster.getZkServer().getZkAddress());
    System.out.println("  control:   http://127.0.0.1:" + options.controlPort + "/status");
    System.out.println("  state:     " + dir.resolve("cluster.json"));
    System.out.println("INSPO_SOLR_URL=" + String.join(",", nodeUrls()));
    System.out.println("inspo-cluster: ready (Ctrl-C stops it)");
    System.out.flush();

    stopped.await();
    control.stop(0);
  }

  private String nodeUrl(int index) {
    return "http://127.0.0.1:" + (options.port + index) + CONTEXT;
  }

  private List<String> nodeUrls() {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) urls.add(nodeUrl(i));
    return urls;
  }

  private void waitForLiveNodes(int expected, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<String> live = cluster.getSolrClient().getClusterState().getLiveNodes();
      if (live.size() >= expected) return;
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only " + live.size() + " of " + expected + " nodes joined the cluster in " + timeout.toSeconds() + " s");
      }
      Thread.sleep(200);
    }
  }

  private synchronized void stopQuietly() {
    if (cluster == null) return;
    MiniSolrCloudCluster c = cluster;
    cluster = null;
    try {
      // Nodes stopped by the control endpoint are no longer in the cluster's list; stop the rest.
      c.shutdown();
    } catch (Exception e) {
      System.err.println("inspo-cluster: error while stopping: " + e);
    }
  }

  private void writeState(Path dir) throws IOException {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"nodes\": [");
    List<String> urls = nodeUrls();
    for (int i = 0; i < urls.size(); i++) {
      json.append(i == 0 ? "" : ", ").append('"').append(urls.get(i)).append('"');
    }
    json.append("],\n  \"zookeeper\": \"").append(cluster.getZkServer().getZkAddress()).append("\",\n");
    json.append("  \"control\": \"http://127.0.0.1:").append(options.controlPort).append("\",\n");
    json.append("  \"pid\": ").append(ProcessHandle.current().pid()).append("\n}\n");
    Files.writeString(dir.resolve("cluster.json"), json.toString());
  }

  private HttpServer startControl() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.controlPort), 16);
    server.setExecutor(Executors.newSingleThreadExecutor());
    server.createContext("/", this::handleControl);
    server.start();
    return server;
  }

  private void handleControl(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      if (method.equals("GET") && path.equals("/status")) {
        reply(exchange, 200, status());
        return;
      }
      if (method.equals("POST") && path.equals("/shutdown")) {
        reply(exchange, 200, "{\"stopping\":true}");
        new Thread(() -> System.exit(0), "inspo-cluster-exit").start();
        return;
      }
      String[] parts = path.split("/");
      // /nodes/{n}/stop or /nodes/{n}/start
      if (method.equals("POST") && parts.length == 4 && parts[1].equals("nodes")) {
        int n = Integer.parseInt(parts[2]);
        if (n < 1 || n > nodes.size()) {
          reply(exchange, 404, "{\"error\":\"no node " + n + "\"}");
          return;
        }
        JettySolrRunner node = nodes.get(n - 1);
        synchronized (this) {
          if (cluster == null) {
            reply(exchange, 409, "{\"error\":\"the cluster is stopping\"}");
            return;
          }
          if (parts[3].equals("stop")) {
            if (node.isRunning()) cluster.stopJettySolrRunner(node);
            cluster.waitForJettyToStop(node);
          } else if (parts[3].equals("start")) {
            if (!node.isRunning()) {
              cluster.startJettySolrRunner(node, true);
              cluster.waitForNode(node, NODE_START_TIMEOUT_S);
            }
          } else {
            reply(exchange, 404, "{\"error\":\"unknown action\"}");
            return;
          }
        }
        reply(exchange, 200, status());
        return;
      }
      reply(exchange, 404, "{\"error\":\"unknown path\"}");
    } catch (Exception e) {
      reply(exchange, 500, "{\"error\":\"" + e.toString().replace("\\", "\\\\").replace("\"", "'") + "\"}");
    }
  }

  private synchronized String status() {
    StringBuilder json = new StringBuilder("{\"nodes\":[");
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) json.append(',');
      json.append("{\"node\":").append(i + 1)
          .append(",\"url\":\"").append(nodeUrl(i)).append('"')
          .append(",\"running\":").append(nodes.get(i).isRunning()).append('}');
    }
    json.append("]}");
    return json.toString();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void requireFreePort(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port " + port + " is in use (another cluster running?); pick others with --port / --control-port", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  /** Command-line options. */
  static final class Options {
    static final String USAGE =
        "usage: inspo-cluster [--nodes N] [--port P] [--control-port C] [--dir DIR]\n"
            + "  --nodes N          Solr nodes (default 3, at least 1)\n"
            + "  --port P           the first node's port; node i listens on P + i - 1 (default 8983)\n"
            + "  --control-port C   control endpoint on 127.0.0.1 (default P - 1)\n"
            + "  --dir DIR          working directory, wiped at start (default data/cluster)";

    int nodes = 3;
    int port = 8983;
    int controlPort = -1;
    Path dir = Path.of("data", "cluster");
    boolean help;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> o.help = true;
          case "--nodes" -> o.nodes = intArg(args, ++i, a, 1, 20);
          case "--port" -> o.port = intArg(args, ++i, a, 1024, 65000);
          case "--control-port" -> o.controlPort = intArg(args, ++i, a, 1024, 65535);
          case "--dir" -> {
            if (++i >= args.length) throw new IllegalArgumentException("--dir needs a value");
            o.dir = Path.of(args[i]);
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.controlPort < 0) o.controlPort = o.port - 1;
      return o;
    }

    private static int intArg(String[] args, int i, String name, int min, int max) {
      if (i >= args.length) throw new IllegalArgumentException(name + " needs a value");
      try {
        int v = Integer.parseInt(args[i]);
        if (v < min || v > max) throw new NumberFormatException();
        return v;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", got " + args[i]);
      }
    }
  }
}
