package dev.brokertuner.collector.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What an HTTP receiver's answer means for delivery, apart from sending it: 2xx delivered; 408, 429 and 5xx retried
 * (honouring {@code Retry-After}, in seconds or as an HTTP date); every other status rejected. Pure, for tests.
 */
public final class HttpOutcome {
    /** Longest {@code Retry-After} honoured; a receiver asking for more gets the queue's backoff past this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    /** How much of a receiver's answer is kept in a delivery's reason. */
    static final int BODY_CHARS = 200;

    private HttpOutcome() {
    }

    /**
     * @param receiver   the receiver's type, for the reason
     * @param status     the HTTP status
     * @param retryAfter the {@code Retry-After} header, null when absent
     * @param body       the answer's body (only its start is kept, made printable), null when none
     * @param now        the time an HTTP-date {@code Retry-After} is measured from
     */
    public static DeliveryResult of(String receiver, int status, String retryAfter, String body, Instant now) {
        String said = said(body);
        if (status >= 200 && status < 300) {
            return new DeliveryResult.Delivered(receiver + " answered HTTP " + status + said);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new DeliveryResult.Retry(receiver + " answered HTTP " + status + said, retryAfter(retryAfter, now));
        }
        return new DeliveryResult.Rejected(receiver + " answered HTTP " + status + said);
    }

    /** The wait a {@code Retry-After} value asks for, null when absent, unreadable or in the past. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Duration d;
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                d = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                d = MAX_RETRY_AFTER;
            }
        } else {
            try {
                d = Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    /** {@code : <first characters>} of a body, control characters replaced, or nothing. */
    static String said(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String s = body.strip();
        if (s.length() > BODY_CHARS) {
            s = s.substring(0, BODY_CHARS) + "...";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return ": " + b;
    }
}
