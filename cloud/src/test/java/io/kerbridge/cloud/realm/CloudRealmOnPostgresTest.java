package io.kerbridge.cloud.realm;

import io.kerbridge.cloud.CloudInit;
import io.kerbridge.kerberos.testing.Postgres;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** {@link CloudRealmTest} on a real PostgreSQL 15 (the engine for several nodes): the realm's SQL is portable. */
class CloudRealmOnPostgresTest extends CloudRealmTest {
    Postgres pg;

    @Override
    CloudInit.Postgres database(Path tmp) throws Exception {
        pg = Postgres.start();
        return new CloudInit.Postgres(pg.url(), Postgres.USER, pg.passwordFile(tmp.resolve("pgpw")));
    }

    @Override
    @AfterAll
    void stop() {
        super.stop(); // the service first, then its database
        if (pg != null) {
            pg.close();
        }
    }
}
