package dev.brokertuner.collector.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store contract over the embedded H2 store. */
class H2ReportStoreTest extends ReportStoreContract {
    @TempDir
    Path dir;

    @Override
    ReportStore openEmpty() throws Exception {
        return H2ReportStore.open(dir, json.mapper());
    }

    @Override
    ReportStore reopen() throws Exception {
        return H2ReportStore.open(dir, json.mapper());
    }
}
