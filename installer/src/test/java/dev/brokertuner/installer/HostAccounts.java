package dev.brokertuner.installer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Users and groups of this host, through {@code getent} and {@code id}. */
final class HostAccounts {
    private HostAccounts() {
    }

    /** The passwd entry fields (name, x, uid, gid, gecos, home, shell), empty when there is no such user. */
    static Optional<List<String>> user(String name) {
        Command c = Command.run("getent", "passwd", name);
        return c.exit() == 0 ? Optional.of(Arrays.asList(c.out().strip().split(":", -1))) : Optional.empty();
    }

    static boolean groupExists(String name) {
        return Command.run("getent", "group", name).exit() == 0;
    }

    /** Names of the user's groups. */
    static List<String> groupsOf(String user) {
        return Arrays.asList(Command.ok("id", "-Gn", user).out().strip().split("\\s+"));
    }

    /** Removes a user and its group (test cleanup; the packages themselves never remove the user). */
    static void removeUserAndGroup(String name) {
        if (user(name).isPresent()) {
            Command.ok("userdel", name);
        }
        if (groupExists(name)) {
            Command.ok("groupdel", name);
        }
    }
}
