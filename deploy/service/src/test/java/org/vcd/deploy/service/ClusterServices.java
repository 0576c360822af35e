package org.vcd.deploy.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.vcd.deploy.events.TestBroker;
import org.vcd.deploy.events.WorkerConfig;
import org.vcd.matcher.FakeMilvusServer;

/**
 * The cluster profile's outside world on loopback: a real single-node KRaft broker (its topics created, as an
 * operator would) and the Milvus-protocol server built from the SDK's stubs; PostgreSQL is the one named by
 * VCD_TEST_POSTGRESQL_URL (.ci/run's). The broker is handed to the test through {@link #inject(TestInjector)}.
 */
public class ClusterServices implements QuarkusTestResourceLifecycleManager {

    /** The cluster profile over the test profile (fixed keys, random port, fresh schema). */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "test,cluster";
        }
    }

    static final String INSTANCE = "cluster-test-1";

    private TestBroker broker;
    private FakeMilvusServer milvus;
    private WorkerConfig topics;

    @Override
    public Map<String, String> start() {
        String database = System.getenv("VCD_TEST_POSTGRESQL_URL");
        if (database == null) {
            throw new IllegalStateException("the cluster-mode test needs PostgreSQL: set VCD_TEST_POSTGRESQL_URL, _USER "
                    + "and _PASSWORD (.ci/run does; the postgresql-tests Maven profile runs it then)");
        }
        try {
            broker = TestBroker.start();
            topics = broker.config("cluster", 2);
            milvus = new FakeMilvusServer();
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("cannot start the cluster test services", e);
        }
        Map<String, String> config = new HashMap<>(new ServiceTestData().start());
        config.put("quarkus.datasource.jdbc.url", database);
        config.put("quarkus.datasource.username", System.getenv("VCD_TEST_POSTGRESQL_USER"));
        config.put("quarkus.datasource.password", System.getenv("VCD_TEST_POSTGRESQL_PASSWORD"));
        config.put("vcd.store", "milvus://127.0.0.1:" + URI.create(milvus.uri()).getPort() + "/default/cluster_frames");
        config.put("vcd.instance", INSTANCE);
        config.put("vcd.events.bootstrap-servers", broker.bootstrapServers());
        config.put("vcd.events.group", topics.group());
        config.put("vcd.events.uploads-topic", topics.uploadsTopic());
        config.put("vcd.events.verdicts-topic", topics.verdictsTopic());
        config.put("vcd.events.dlq-topic", topics.deadLetterTopic());
        config.put("vcd.events.threads", "2");
        config.put("vcd.events.kafka", "session.timeout.ms=6000,heartbeat.interval.ms=1000");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker, new TestInjector.MatchesType(TestBroker.class));
        injector.injectIntoFields(topics, new TestInjector.MatchesType(WorkerConfig.class));
    }

    @Override
    public void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (milvus != null) {
                milvus.close();
            }
        }
    }
}
