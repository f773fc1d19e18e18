package io.kerbridge.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.kerbridge.kerberos.types.TicketFlags;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class KlistViewTest {
    @Test
    void flagsAsWindowsNamesThem() {
        TicketFlags f = TicketFlags.of(TicketFlags.FORWARDABLE, TicketFlags.RENEWABLE, TicketFlags.INITIAL,
                TicketFlags.PRE_AUTHENT, TicketFlags.ENC_PA_REP);
        assertThat(Integer.toHexString(f.bits())).isEqualTo("40e10000");
        assertThat(KlistView.flags(f)).isEqualTo("forwardable renewable initial pre_authent name_canonicalize");
    }

    @Test
    void timesAreWindowsLocalTimes() {
        assertThat(KlistView.time(Instant.parse("2026-11-05T09:03:04Z"), ZoneOffset.UTC)).isEqualTo("11/5/2026 9:03:04 (local)");
    }
}
