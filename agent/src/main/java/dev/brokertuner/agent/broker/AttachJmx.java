package dev.brokertuner.agent.broker;

import com.sun.tools.attach.VirtualMachine;

/**
 * Reaches a broker that exposes no JMX port: attaches to its JVM by pid (the JDK's attach API, module
 * {@code jdk.attach}) and starts or finds its local management agent. Works only when the agent runs as the broker's
 * user (HotSpot checks the uid) on a JDK that ships {@code jdk.attach}.
 */
public final class AttachJmx {
    private AttachJmx() {
    }

    /**
     * The local JMX connector address of the JVM with this pid.
     *
     * @throws Exception with the reason when attaching fails
     */
    public static String connectorAddress(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        try {
            return vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
    }
}
