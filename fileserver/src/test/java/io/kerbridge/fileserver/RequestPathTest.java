package io.kerbridge.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {
    @Test
    void splitsShareAndSegments() throws Exception {
        RequestPath p = RequestPath.parse("/Finance/2026/q3%20report.txt");
        assertThat(p.share()).hasValue("Finance");
        assertThat(p.segments()).containsExactly("2026", "q3 report.txt");
        assertThat(p.trailingSlash()).isFalse();
        assertThat(RequestPath.parse("/").isRoot()).isTrue();
        assertThat(RequestPath.parse("//").isRoot()).isTrue();
        assertThat(RequestPath.parse("/Public").isShareRoot()).isTrue();
        assertThat(RequestPath.parse("/Public/").trailingSlash()).isTrue();
        assertThat(RequestPath.parse("/Public//docs//").segments()).containsExactly("docs");
        assertThat(RequestPath.parse("/P/%C3%BC%E2%82%AC+x").segments()).containsExactly("ü€+x");
        assertThat(RequestPath.parse("/P/ü").segments()).containsExactly("ü");
        assertThat(RequestPath.parse("/P/...").segments()).containsExactly("...");
        assertThat(RequestPath.parse("/P/..a").segments()).containsExactly("..a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Public", "/Public/..", "/Public/../x", "/..", "/Public/.", "/Public/./x", "/%2e%2e/x",
            "/P/%2E%2e", "/P/.%2E", "/P/%2e", "/P/a%2fb", "/P/a%2Fb", "/P/a%5cb", "/P/a\\b", "/P/a%00b", "/P/a%0ab",
            "/P/a%7f", "/P/%", "/P/%4", "/P/%zz", "/P/%c3", "/P/%ff%fe", "/P/%c0%ae%c0%ae", "/P/.kerbridge-upload-1"})
    void refuses(String path) {
        assertThatThrownBy(() -> RequestPath.parse(path)).isInstanceOf(RequestPath.BadPath.class);
    }

    @Test
    void boundsLengths() throws Exception {
        assertThat(RequestPath.parse("/P/" + "a".repeat(255)).segments()).hasSize(1);
        assertThatThrownBy(() -> RequestPath.parse("/P/" + "a".repeat(256))).isInstanceOf(RequestPath.BadPath.class);
        assertThatThrownBy(() -> RequestPath.parse("/P/" + "%C3%BC".repeat(128))).isInstanceOf(RequestPath.BadPath.class);
        assertThat(RequestPath.parse("/P" + "/a".repeat(64)).segments()).hasSize(64);
        assertThatThrownBy(() -> RequestPath.parse("/P" + "/a".repeat(65))).isInstanceOf(RequestPath.BadPath.class);
        assertThatThrownBy(() -> RequestPath.parse("/" + "a/".repeat(3000))).isInstanceOf(RequestPath.BadPath.class);
    }

    @Test
    void hrefsEncodeWhatParseDecodes() throws Exception {
        List<String> names = List.of("a b", "ü€", "100%", "x?y#z", "semi;colon", "plus+", "quote\"'<>");
        String href = RequestPath.href(Optional.of("Public"), names, true);
        assertThat(href).startsWith("/Public/a%20b/").endsWith("/").doesNotContain(" ", "?", "#", "\"", "<");
        RequestPath back = RequestPath.parse(href);
        assertThat(back.segments()).isEqualTo(names);
        assertThat(RequestPath.href(Optional.empty(), List.of(), true)).isEqualTo("/");
    }
}
