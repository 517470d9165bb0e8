package io.liftoff.client.internal.send;

import java.util.Locale;

import io.liftoff.client.AuthenticationException;
import io.liftoff.client.AuthorizationException;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.ErrorResponseException;
import io.liftoff.client.ResponseCodes;
import org.jspecify.annotations.Nullable;

/**
 * Tells a broker's refusal by authentication or authorization from the other
 * {@code NO_PERMISSION} (16) answers, by the remark, which is all the wire says (RocketMQ
 * 5.3's ACL 2.0 remarks, and ACL 1.0's):
 * <ul>
 * <li>no access key, unknown or disabled user, wrong signature:
 * {@link AuthenticationException};</li>
 * <li>a remark saying the broker or topic is {@code forbidden} (not writable, recall
 * off): not an access refusal, left an {@link ErrorResponseException} (retried on another
 * broker as before);</li>
 * <li>anything else, a missing remark included: {@link AuthorizationException}, the safe
 * reading, since a refusal that is retried is only refused again.</li>
 * </ul>
 */
final class AccessRefusals {

    private static final String[] AUTHENTICATION_REMARKS = { "signature", "username cannot be null", "user not found",
            "accesskey", "access key" };

    private AccessRefusals() {
    }

    /**
     * Returns the exception for an error answer.
     * @param address the broker
     * @param requestCode the request refused
     * @param code the response code
     * @param remark the broker's remark
     * @param resource the resource, e.g. {@code Topic:orders}
     * @param action the action, e.g. {@code PUB}
     * @param credentials the producer's credentials, for the user when the remark does
     * not name one; none when requests are not signed
     * @return the exception to fail the attempt with
     */
    static ErrorResponseException refusal(String address, int requestCode, int code, @Nullable String remark,
            String resource, String action, @Nullable CredentialsProvider credentials) {
        if (code != ResponseCodes.NO_PERMISSION) {
            return new ErrorResponseException(address, requestCode, code, remark);
        }
        String text = (remark != null) ? remark.toLowerCase(Locale.ROOT) : "";
        if (text.contains("forbidden")) {
            return new ErrorResponseException(address, requestCode, code, remark);
        }
        String user = user(remark, credentials);
        boolean unknownUser = text.contains("user:") && (text.contains("is not found") || text.contains("is disabled"));
        if (unknownUser || mentionsCredentials(text)) {
            return new AuthenticationException(address, user, resource, action, remark);
        }
        return new AuthorizationException(address, user, resource, action, remark);
    }

    private static boolean mentionsCredentials(String text) {
        for (String authentication : AUTHENTICATION_REMARKS) {
            if (text.contains(authentication)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The user the remark names ({@code User:name ...}), else the access key signed with.
     */
    private static @Nullable String user(@Nullable String remark, @Nullable CredentialsProvider credentials) {
        if (remark != null) {
            int at = remark.indexOf("User:");
            if (at >= 0) {
                int start = at + "User:".length();
                int end = start;
                while (end < remark.length() && !Character.isWhitespace(remark.charAt(end))
                        && remark.charAt(end) != ',') {
                    end++;
                }
                if (end > start) {
                    return remark.substring(start, end);
                }
            }
        }
        if (credentials == null) {
            return null;
        }
        try {
            return credentials.credentials().accessKey();
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

}
