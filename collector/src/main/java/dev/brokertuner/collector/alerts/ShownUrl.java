package dev.brokertuner.collector.alerts;

import java.util.regex.Pattern;

/**
 * A URL as problems and logs may show it: the user and password ({@code //user:pass@}) and the query and fragment
 * ({@code ?token=...}) replaced by {@code ***}, so a credential given in a URL is never echoed. Works on text that
 * is not a valid URL too (the check that failed may be that it is not one). Pure.
 */
public final class ShownUrl {
    private static final Pattern USERINFO = Pattern.compile("(//|^)[^/?#]*@");
    private static final Pattern QUERY = Pattern.compile("[?#].*$", Pattern.DOTALL);

    private ShownUrl() {
    }

    /** {@code https://***@host/path?***} for {@code https://u:p@host/path?token=x}; other URLs unchanged. */
    public static String of(String url) {
        if (url == null) {
            return null;
        }
        String s = QUERY.matcher(url).replaceFirst("?***");
        return USERINFO.matcher(s).replaceFirst("$1***@");
    }
}
