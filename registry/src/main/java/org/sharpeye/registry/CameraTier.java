package org.sharpeye.registry;

/** A camera point's tier (监控点位类型), the mandatory field of GB/T 28181-2022: 1, 2, 3 or 9 (other). */
public enum CameraTier {
    /** 一类点: government-built, key public places, used mainly by the police. */
    CLASS_I(1),
    /** 二类点: built by key industries and units, covering public areas. */
    CLASS_II(2),
    /** 三类点: built by society: villages, shops, residential compounds. */
    CLASS_III(3),
    /** 其他. */
    OTHER(9);

    private final int code;

    CameraTier(int code) {
        this.code = code;
    }

    /** The GB/T 28181-2022 code of this tier. */
    public int code() {
        return code;
    }
}
