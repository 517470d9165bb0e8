package io.liftoff.client;

import org.jspecify.annotations.Nullable;

/**
 * Response codes of the RocketMQ remoting protocol that the producer reads, with their
 * names.
 */
public final class ResponseCodes {

    /** The request succeeded. */
    public static final int SUCCESS = 0;

    /** Generic server error. */
    public static final int SYSTEM_ERROR = 1;

    /** The server is busy (page cache, thread pool or flow control). */
    public static final int SYSTEM_BUSY = 2;

    /** The server does not know the request code. */
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;

    /** Stored, but the flush to disk timed out. */
    public static final int FLUSH_DISK_TIMEOUT = 10;

    /** Stored, but no slave was available. */
    public static final int SLAVE_NOT_AVAILABLE = 11;

    /** Stored, but the slave did not confirm in time. */
    public static final int FLUSH_SLAVE_TIMEOUT = 12;

    /** The message was refused as illegal (for example oversized properties). */
    public static final int MESSAGE_ILLEGAL = 13;

    /** The broker cannot serve the request now. */
    public static final int SERVICE_NOT_AVAILABLE = 14;

    /** The broker refuses the request (not writeable, or a forbidden topic). */
    public static final int NO_PERMISSION = 16;

    /** The topic does not exist (or is unknown to the NameServer). */
    public static final int TOPIC_NOT_EXIST = 17;

    /** An invalid parameter, for example a queue id out of range. */
    public static final int INVALID_PARAMETER = 29;

    /** No buyer id. */
    public static final int NO_BUYER_ID = 204;

    /** Not in the current unit. */
    public static final int NOT_IN_CURRENT_UNIT = 205;

    /** The server is shutting down and asks the client to go elsewhere. */
    public static final int GO_AWAY = 1500;

    private ResponseCodes() {
    }

    /**
     * Names a response code, for messages: {@code "TOPIC_NOT_EXIST (17)"}.
     * @param code the response code
     * @return its name and number, or {@code "code N"} when unknown
     */
    public static String describe(int code) {
        String name = name(code);
        return (name != null) ? name + " (" + code + ")" : "code " + code;
    }

    /**
     * Names a response code as the RocketMQ sources do, for metric tags and the like: a
     * constant, so that the names form a small fixed set.
     * @param code the response code
     * @return its name, for example {@code "SYSTEM_BUSY"} for 2; absent when the code is
     * not one of the protocol's that Liftoff knows
     */
    public static @Nullable String name(int code) {
        return switch (code) {
            case SUCCESS -> "SUCCESS";
            case SYSTEM_ERROR -> "SYSTEM_ERROR";
            case SYSTEM_BUSY -> "SYSTEM_BUSY";
            case REQUEST_CODE_NOT_SUPPORTED -> "REQUEST_CODE_NOT_SUPPORTED";
            case 4 -> "TRANSACTION_FAILED";
            case FLUSH_DISK_TIMEOUT -> "FLUSH_DISK_TIMEOUT";
            case SLAVE_NOT_AVAILABLE -> "SLAVE_NOT_AVAILABLE";
            case FLUSH_SLAVE_TIMEOUT -> "FLUSH_SLAVE_TIMEOUT";
            case MESSAGE_ILLEGAL -> "MESSAGE_ILLEGAL";
            case SERVICE_NOT_AVAILABLE -> "SERVICE_NOT_AVAILABLE";
            case 15 -> "VERSION_NOT_SUPPORTED";
            case NO_PERMISSION -> "NO_PERMISSION";
            case TOPIC_NOT_EXIST -> "TOPIC_NOT_EXIST";
            case 18 -> "TOPIC_EXIST_ALREADY";
            case INVALID_PARAMETER -> "INVALID_PARAMETER";
            case NO_BUYER_ID -> "NO_BUYER_ID";
            case NOT_IN_CURRENT_UNIT -> "NOT_IN_CURRENT_UNIT";
            case 211 -> "BROKER_NOT_EXIST";
            case 215 -> "FLOW_CONTROL";
            case 501 -> "NOT_LEADER_FOR_QUEUE";
            case 604 -> "ILLEGAL_OPERATION";
            case GO_AWAY -> "GO_AWAY";
            case 3001 -> "USER_NOT_EXIST";
            case 3002 -> "POLICY_NOT_EXIST";
            default -> null;
        };
    }

}
