package io.liftoff.client.internal.remoting;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.liftoff.client.Credentials;
import io.liftoff.client.CredentialsProvider;
import io.liftoff.client.LiftoffException;
import io.liftoff.client.internal.message.Utf8;
import org.jspecify.annotations.Nullable;

/**
 * Signs requests as RocketMQ's {@code AclClientRPCHook} does, for brokers with
 * authentication on: the request carries {@code AccessKey} (and {@code SecurityToken}
 * when there is one) and {@code Signature}, the Base64 of the HmacSHA1, keyed with the
 * secret key's UTF-8 bytes, of the values of every other custom header field in the order
 * of their names ({@link String#compareTo}), then the body. The frame encoder calls
 * {@link #sign} last, once the request is complete, so that every field of every request
 * (retries, batches, pooled bodies, heartbeats, transaction ends) is signed.
 *
 * <p>
 * Cheap per request: the provider is asked once, the {@link Mac} is keyed again only when
 * the credentials change, the sorted order of a header's fields is kept per header shape
 * (the same name strings in the same places), and values go into the {@code Mac} through
 * a scratch buffer without building strings. Not thread-safe: each thread that encodes
 * the frames of a connection has one of its own (the connection's event loop, and callers
 * under {@link SocketWrites}' lock).
 */
final class RequestSigner {

    /** The header field of the access key. */
    static final String ACCESS_KEY = "AccessKey";

    /** The header field of the security token. */
    static final String SECURITY_TOKEN = "SecurityToken";

    /** The header field of the signature. */
    static final String SIGNATURE = "Signature";

    /** Length of a signature: 20 bytes of HmacSHA1 in Base64. */
    static final int SIGNATURE_LENGTH = 28;

    private static final String ALGORITHM = "HmacSHA1";

    /** How many header shapes keep their sorted order. */
    private static final int SHAPES = 8;

    private final CredentialsProvider provider;

    private @Nullable Mac mac;

    private @Nullable Credentials keyed;

    private @Nullable Credentials current;

    private final byte[] scratch = new byte[2048];

    private int scratchUsed;

    private final byte[] digest = new byte[20];

    private final byte[] signature = new byte[SIGNATURE_LENGTH];

    private @Nullable String[] names = new String[24];

    private @Nullable Object[] values = new Object[24];

    private long[] numbers = new long[24];

    private int count;

    private final String[][] shapeNames = new String[SHAPES][];

    private final int[][] shapeOrders = new int[SHAPES][];

    private int nextShape;

    RequestSigner(CredentialsProvider provider) {
        this.provider = provider;
    }

    /**
     * Tells whether a header field is one the signer writes itself.
     * @param name a field name
     * @return whether it is {@code AccessKey}, {@code SecurityToken} or {@code Signature}
     */
    static boolean reserved(@Nullable String name) {
        if (name == null || name.length() < 9) {
            return false;
        }
        char first = name.charAt(0);
        return (first == 'A' || first == 'S')
                && (ACCESS_KEY.equals(name) || SECURITY_TOKEN.equals(name) || SIGNATURE.equals(name));
    }

    /**
     * Signs a request with the provider's current credentials; then {@link #accessKey()},
     * {@link #securityToken()} and {@link #signature()} give the fields to write.
     * @param command the complete request
     * @throws LiftoffException when the provider fails or gives no credentials
     */
    void sign(RemotingCommand command) {
        Credentials credentials = credentials();
        Mac keyedMac = keyedFor(credentials);
        gather(command.extFields(), credentials);
        int[] order = sortedOrder();
        for (int index : order) {
            Object value = this.values[index];
            if (value == null) {
                putDecimal(keyedMac, this.numbers[index]);
            }
            else if (value instanceof byte[] utf8) {
                putBytes(keyedMac, utf8);
            }
            else {
                putString(keyedMac, (String) value);
            }
        }
        flush(keyedMac);
        if (command.pooledBody() != null) {
            command.pooledBody().updateMac(keyedMac, this.scratch);
        }
        else if (command.body() != null) {
            keyedMac.update(command.body());
        }
        try {
            keyedMac.doFinal(this.digest, 0);
        }
        catch (javax.crypto.ShortBufferException ex) {
            throw new IllegalStateException(ex);
        }
        Base64.getEncoder().encode(this.digest, this.signature);
        this.current = credentials;
        clearValues();
    }

    /**
     * @return the access key of the request signed last
     */
    String accessKey() {
        return this.current.accessKey();
    }

    /**
     * @return the security token of the request signed last; absent when none
     */
    @Nullable String securityToken() {
        return this.current.securityToken();
    }

    /**
     * @return the signature of the request signed last, as ASCII bytes (valid until the
     * next {@link #sign})
     */
    byte[] signature() {
        return this.signature;
    }

    private Credentials credentials() {
        Credentials credentials;
        try {
            credentials = this.provider.credentials();
        }
        catch (RuntimeException ex) {
            throw new LiftoffException("Credentials provider failed: " + ex.getMessage(), ex);
        }
        if (credentials == null) {
            throw new LiftoffException("Credentials provider returned null: return the credentials to sign with");
        }
        return credentials;
    }

    private Mac keyedFor(Credentials credentials) {
        Mac keyedMac = this.mac;
        if (keyedMac != null && credentials == this.keyed) {
            return keyedMac;
        }
        if (keyedMac == null || this.keyed == null || !this.keyed.secretKey().equals(credentials.secretKey())) {
            try {
                keyedMac = (keyedMac != null) ? keyedMac : Mac.getInstance(ALGORITHM);
                keyedMac.init(new SecretKeySpec(credentials.secretKey().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            }
            catch (GeneralSecurityException ex) {
                throw new LiftoffException("Cannot set up " + ALGORITHM + " to sign requests for access key '"
                        + credentials.accessKey() + "': " + ex.getClass().getSimpleName(), ex);
            }
            this.mac = keyedMac;
        }
        this.keyed = credentials;
        return keyedMac;
    }

    private void gather(Map<String, String> ext, Credentials credentials) {
        this.count = 0;
        if (ext instanceof CustomHeader fields) {
            for (int i = 0, fieldCount = fields.fieldCount(); i < fieldCount; i++) {
                String name = fields.name(i);
                if (name == null || reserved(name)) {
                    continue;
                }
                if (fields.isNumber(i)) {
                    add(name, null, fields.number(i));
                }
                else {
                    Object value = fields.rawValue(i);
                    if (value != null) {
                        add(name, value, 0);
                    }
                }
            }
        }
        else {
            for (Map.Entry<String, String> entry : ext.entrySet()) {
                if (entry.getKey() != null && entry.getValue() != null && !reserved(entry.getKey())) {
                    add(entry.getKey(), entry.getValue(), 0);
                }
            }
        }
        add(ACCESS_KEY, credentials.accessKey(), 0);
        if (credentials.securityToken() != null) {
            add(SECURITY_TOKEN, credentials.securityToken(), 0);
        }
    }

    private void add(String name, @Nullable Object value, long number) {
        if (this.count == this.names.length) {
            int grown = this.count * 2;
            this.names = java.util.Arrays.copyOf(this.names, grown);
            this.values = java.util.Arrays.copyOf(this.values, grown);
            this.numbers = java.util.Arrays.copyOf(this.numbers, grown);
        }
        this.names[this.count] = name;
        this.values[this.count] = value;
        this.numbers[this.count] = number;
        this.count++;
    }

    /** Drops the references to the last request's values. */
    private void clearValues() {
        java.util.Arrays.fill(this.values, 0, this.count, null);
    }

    /**
     * Returns the order of the gathered fields by name: remembered for a shape seen
     * lately (the same name instances in the same places), else sorted and remembered.
     */
    private int[] sortedOrder() {
        for (int s = 0; s < SHAPES; s++) {
            String[] shape = this.shapeNames[s];
            if (shape != null && sameShape(shape)) {
                return this.shapeOrders[s];
            }
        }
        int[] order = new int[this.count];
        for (int i = 0; i < this.count; i++) {
            int index = i;
            int at = i;
            while (at > 0 && this.names[order[at - 1]].compareTo(this.names[index]) > 0) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = index;
        }
        String[] shape = new String[this.count];
        System.arraycopy(this.names, 0, shape, 0, this.count);
        this.shapeNames[this.nextShape] = shape;
        this.shapeOrders[this.nextShape] = order;
        this.nextShape = (this.nextShape + 1) % SHAPES;
        return order;
    }

    private boolean sameShape(String[] shape) {
        if (shape.length != this.count) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] != this.names[i]) {
                return false;
            }
        }
        return true;
    }

    private void putBytes(Mac target, byte[] bytes) {
        if (bytes.length > this.scratch.length - this.scratchUsed) {
            flush(target);
            target.update(bytes);
            return;
        }
        System.arraycopy(bytes, 0, this.scratch, this.scratchUsed, bytes.length);
        this.scratchUsed += bytes.length;
    }

    /**
     * Puts a string's UTF-8 bytes, as {@link String#getBytes} makes them (an unpaired
     * surrogate becomes {@code '?'}).
     */
    private void putString(Mac target, String value) {
        int length = Utf8.length(value);
        if (length > this.scratch.length - this.scratchUsed) {
            flush(target);
            if (length > this.scratch.length) {
                target.update(value.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        this.scratchUsed = Utf8.write(value, this.scratch, this.scratchUsed);
    }

    private void putDecimal(Mac target, long value) {
        if (value == Long.MIN_VALUE) {
            putString(target, Long.toString(value));
            return;
        }
        if (this.scratch.length - this.scratchUsed < 20) {
            flush(target);
        }
        long rest = value;
        if (rest < 0) {
            this.scratch[this.scratchUsed++] = '-';
            rest = -rest;
        }
        int digits = 1;
        for (long bound = 10; digits < 19 && rest >= bound; bound *= 10) {
            digits++;
        }
        int end = this.scratchUsed + digits;
        int at = end;
        do {
            this.scratch[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        while (rest != 0);
        this.scratchUsed = end;
    }

    private void flush(Mac target) {
        if (this.scratchUsed > 0) {
            target.update(this.scratch, 0, this.scratchUsed);
            this.scratchUsed = 0;
        }
    }

}
