package dev.brokertuner.agent.host;

/** What reading one host file gave: its text, nothing (the file does not exist), or a failure with the reason. */
public sealed interface Read {
    /**
     * The file's text.
     *
     * @param truncated true when the file was longer than {@link HostFiles#MAX_BYTES} and was cut there
     */
    record Text(String text, boolean truncated) implements Read {
        public Text(String text) {
            this(text, false);
        }
    }

    /** The file does not exist: the fact it holds is unknown, which on many hosts is normal. */
    record Missing(String path) implements Read {
    }

    /** The file exists but could not be read (permissions, I/O error, a kernel attribute that errors on read). */
    record Failed(String path, String reason) implements Read {
    }

    /** The text, or null when missing or failed. */
    default String textOrNull() {
        return this instanceof Text t ? t.text() : null;
    }

    /** A sentence saying why there is no text, for a problem; null when there is text. */
    default String why() {
        if (this instanceof Missing m) {
            return m.path() + " does not exist (no such file)";
        }
        if (this instanceof Failed f) {
            return f.path() + " could not be read: " + f.reason();
        }
        return null;
    }
}
