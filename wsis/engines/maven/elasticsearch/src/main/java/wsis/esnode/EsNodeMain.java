package wsis.esnode;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.IOUtils;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node (Elastic's own {@link Node}) in this JVM.
 *
 * <p>Arguments are {@code -Ekey=value} node settings, as for the {@code elasticsearch} script;
 * {@code -Epath.home=} is required (the directory holding {@code lib/}, {@code modules/} and {@code config/}).
 * Modules under {@code path.home/modules} (transport-netty4, our language analyzers) are loaded by Elasticsearch's
 * own {@link PluginsLoader}. The node stops cleanly on SIGTERM/SIGINT (JVM shutdown hook).
 * When the node is ready, one line {@code ready http=<address>} is printed on stdout.
 */
public final class EsNodeMain {

    private EsNodeMain() {}

    public static void main(String[] args) throws Exception {
        final PrintStream out = System.out;
        final Map<String, String> props = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("-E") == false || arg.indexOf('=') < 3) {
                System.err.println("usage: EsNodeMain -Epath.home=DIR [-Ekey=value ...]; bad argument: " + arg);
                System.exit(64);
            }
            int eq = arg.indexOf('=');
            props.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        if (props.containsKey("path.home") == false) {
            System.err.println("-Epath.home=DIR is required");
            System.exit(64);
        }

        LogConfigurator.registerErrorListener();
        LogConfigurator.configureESLogging(); // Elasticsearch's logging facade must exist before settings are parsed

        // elasticsearch.yml from path.home/config, then the -E settings (as the elasticsearch script does)
        final Environment env = InternalSettingsPreparer.prepareEnvironment(Settings.EMPTY, props, null, () -> "node-1");
        Files.createDirectories(env.pluginsDir());
        Files.createDirectories(env.logsDir());

        LogConfigurator.setClusterName(ClusterName.CLUSTER_NAME_SETTING.get(env.settings()).value());
        LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(env.settings()));
        LogConfigurator.configure(env, true);
        final Logger logger = LogManager.getLogger(EsNodeMain.class);

        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            logger.error("uncaught exception in thread [" + thread.getName() + "]", e);
            if (e instanceof Error) {
                Runtime.getRuntime().halt(1);   // as Elasticsearch does for fatal errors
            }
        });

        final PluginsLoader pluginsLoader = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(env.modulesDir()),
            PluginsLoader.loadPluginsBundles(env.pluginsDir()),
            Map.of()
        );

        final CountDownLatch keepAlive = new CountDownLatch(1);
        final Node node = new Node(env, pluginsLoader);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.prepareForClose();
                IOUtils.close(node);
                if (node.awaitClose(10, TimeUnit.SECONDS) == false) {
                    logger.warn("node did not stop within 10 seconds");
                }
            } catch (Exception e) {
                logger.error("failure while stopping the node", e);
            } finally {
                Configurator.shutdown((LoggerContext) org.apache.logging.log4j.LogManager.getContext(false));
                keepAlive.countDown();
            }
        }, "elasticsearch-shutdown"));

        node.start();
        Thread keeper = new Thread(() -> {
            try {
                keepAlive.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "elasticsearch[keepAlive]");
        keeper.start();

        var http = node.injector().getInstance(org.elasticsearch.http.HttpServerTransport.class);
        out.println("ready http=" + http.boundAddress().publishAddress());
        out.flush();
    }
}
