package io.liftoff.client.internal.send;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamespacesTests {

    @Test
    void aNameGetsTheNamespaceOnceAndLosesItAgain() {
        assertThat(Namespaces.wrap("prod", "orders")).isEqualTo("prod%orders");
        assertThat(Namespaces.wrap("prod", "prod%orders")).isEqualTo("prod%orders");
        assertThat(Namespaces.unwrap("prod", "prod%orders")).isEqualTo("orders");
        assertThat(Namespaces.unwrap("prod", "production%orders")).as("another namespace")
            .isEqualTo("production%orders");
        assertThat(Namespaces.unwrap("prod", "prodorders")).isEqualTo("prodorders");
    }

    @Test
    void noNamespaceLeavesNamesAlone() {
        assertThat(Namespaces.wrap(null, "orders")).isEqualTo("orders");
        assertThat(Namespaces.unwrap(null, "prod%orders")).isEqualTo("prod%orders");
    }

    @Test
    void systemTopicsAndRetryTopicsStayOutsideNamespaces() {
        assertThat(Namespaces.wrap("prod", "TBW102")).isEqualTo("TBW102");
        assertThat(Namespaces.wrap("prod", "rmq_sys_wheel")).isEqualTo("rmq_sys_wheel");
        assertThat(Namespaces.wrap("prod", "RMQ_SYS_TRACE_TOPIC")).isEqualTo("RMQ_SYS_TRACE_TOPIC");
        assertThat(Namespaces.wrap("prod", "%RETRY%group")).isEqualTo("%RETRY%group");
        assertThat(Namespaces.wrap("prod", "%DLQ%group")).isEqualTo("%DLQ%group");
    }

}
