package org.sharpeye.media.fmp4;

import org.sharpeye.media.Frame;

/**
 * One sample of a movie fragment: the frame and its timing on the output's 90 kHz timeline.
 *
 * @param frame the frame, whose data goes into mdat unchanged (borrowed, not owned)
 * @param durationTicks how long the sample lasts, in 90 kHz ticks
 * @param compositionOffsetTicks presentation minus decode time, in 90 kHz ticks
 */
record FragmentSample(Frame frame, long durationTicks, long compositionOffsetTicks) {
}
