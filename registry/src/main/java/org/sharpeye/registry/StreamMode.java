package org.sharpeye.registry;

/** Whether the camera's upstream is pulled only while someone watches, or kept open all the time. */
public enum StreamMode {
    ON_DEMAND,
    ALWAYS_ON
}
