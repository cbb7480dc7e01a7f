package dev.brokertuner.agent.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.Test;

/** The problems a failed group call becomes: an ACL denial names the grant that is missing. */
class GroupReaderReasonTest {
    @Test
    void aDeniedDescribeNamesTheGrant() {
        assertThat(GroupReader.reason(new ExecutionException(new GroupAuthorizationException("Not authorized"))))
                .contains("denied", "DESCRIBE on the group", "kafka-acls.sh", "--operation Describe --group");
        assertThat(GroupReader.reason(new ExecutionException(new TopicAuthorizationException("no"))))
                .contains("DESCRIBE on the group's topics", "--topic");
    }

    @Test
    void timeoutsAndOldBrokersAreSaidAsSuch() {
        assertThat(GroupReader.reason(new TimeoutException())).isEqualTo("gave no answer in time");
        assertThat(GroupReader.reason(new ExecutionException(new UnsupportedVersionException("ShareGroupDescribe"))))
                .startsWith("is not supported by this broker").contains("ShareGroupDescribe");
        assertThat(GroupReader.reason(new ExecutionException(new IllegalStateException("boom"))))
                .isEqualTo("failed: IllegalStateException: boom");
    }
}
