package io.herald.cep.engine.snapshot;

/** The one-byte type tags of values in a snapshot. Part of the format: never renumber, only add. */
final class ValueTag {
    private ValueTag() {}

    static final int NULL = 0;
    static final int BOOLEAN = 1;
    static final int LONG = 2;
    static final int DOUBLE = 3;
    static final int STRING = 4;
    static final int INTEGER = 5;
    static final int SHORT = 6;
    static final int BYTE = 7;
    static final int FLOAT = 8;
    static final int BIG_DECIMAL = 9;
    static final int BIG_INTEGER = 10;
    static final int LIST = 11;
    static final int MAP = 12;
}
