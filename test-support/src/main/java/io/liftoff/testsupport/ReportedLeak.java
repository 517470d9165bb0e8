package io.liftoff.testsupport;

/**
 * A leak Netty reported: an object it tracks (a {@code ByteBuf}, a
 * {@code HashedWheelTimer}, ...) was garbage collected without being released.
 *
 * @param resourceType the simple name of the tracked type, {@code ByteBuf} for a buffer
 * @param records where the object was created and last used (empty when the detector kept
 * no records: leak detection level {@code SIMPLE})
 */
record ReportedLeak(String resourceType, String records) {

    /**
     * Tells whether the leaked object was created in a class: a frame of the records'
     * {@code Created at} part starts with the prefix.
     * @param classPrefix a class name with its dot, {@code org.example.Encoder.}, or a
     * package
     * @return whether it was created there (false without records)
     */
    boolean createdIn(String classPrefix) {
        int created = this.records.lastIndexOf("Created at:");
        return created >= 0 && this.records.indexOf("\t" + classPrefix, created) >= 0;
    }

    /**
     * Describes the leak as Netty's log line does.
     * @return {@code LEAK: ByteBuf.release() was not called...} and the records
     */
    String describe() {
        String records = this.records.isEmpty()
                ? "\n(no records: run with -Dio.netty.leakDetection.level=paranoid to see where it was created)"
                : this.records;
        return "LEAK: " + this.resourceType + ".release() was not called before it was garbage collected." + records;
    }

}
