package org.sharpeye.media.fmp4;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;

import java.util.List;

import static org.sharpeye.media.fmp4.BoxWriter.begin;
import static org.sharpeye.media.fmp4.BoxWriter.beginFull;
import static org.sharpeye.media.fmp4.BoxWriter.end;

/**
 * A movie fragment, moof + mdat (ISO/IEC 14496-12 8.8.4 to 8.8.12, 8.1.1), carrying one or more samples of our
 * video track and, when there is one, our audio track. The frames' data are already length-prefixed NAL units, exactly the MP4 sample format, so
 * mdat holds retained duplicates of them: no copy (AAC access units likewise are MP4 audio samples as they stand).
 */
final class MovieFragment {

    // 8.8.8.1 trun flags: data-offset, sample-duration, sample-size, sample-flags, composition-time-offset present
    private static final int TRUN_FLAGS = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    // 8.8.3.1 sample flags: sample_depends_on=2 (an I picture); non-sync: depends_on=1, is_non_sync_sample=1
    private static final int SYNC_SAMPLE = 0x02000000;
    private static final int NON_SYNC_SAMPLE = 0x01010000;
    private static final int MDAT_HEADER = 8;

    private MovieFragment() {
    }

    /**
     * The fragment for {@code samples} of the video track, the first decoded at {@code baseDecodeTicks}. The caller
     * owns the result, which holds its own references to the frames' data; the frames stay the caller's.
     */
    static ByteBuf write(ByteBufAllocator alloc, int sequenceNumber, long baseDecodeTicks,
                         List<FragmentSample> samples) {
        return write(alloc, sequenceNumber, List.of(new TrackRun(InitSegment.TRACK_ID, baseDecodeTicks, samples)));
    }

    /**
     * The fragment for one run of samples per track (a traf each, in this order; their data follow each other in
     * one mdat). The caller owns the result, which holds its own references to the frames' data.
     */
    static ByteBuf write(ByteBufAllocator alloc, int sequenceNumber, List<TrackRun> runs) {
        int sampleCount = 0;
        for (TrackRun r : runs) {
            sampleCount += r.samples().size();
        }
        ByteBuf head = alloc.buffer(128 + 96 * runs.size() + 16 * sampleCount);
        int moof = begin(head, "moof");
        int mfhd = beginFull(head, "mfhd", 0, 0);
        head.writeInt(sequenceNumber);
        end(head, mfhd);
        int[] dataOffsetAt = new int[runs.size()];
        long[] runBytes = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            TrackRun run = runs.get(i);
            int traf = begin(head, "traf");
            int tfhd = beginFull(head, "tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF);
            head.writeInt(run.trackId());
            end(head, tfhd);
            int tfdt = beginFull(head, "tfdt", 1, 0);
            head.writeLong(run.baseDecodeTicks());
            end(head, tfdt);
            // version 1: signed composition offsets (8.8.8.2), so B-frames need no edit list
            int trun = beginFull(head, "trun", 1, TRUN_FLAGS);
            head.writeInt(run.samples().size());
            dataOffsetAt[i] = head.writerIndex();
            head.writeInt(0);
            for (FragmentSample s : run.samples()) {
                int size = s.frame().data().readableBytes();
                head.writeInt((int) s.durationTicks());
                head.writeInt(size);
                head.writeInt(s.frame().isKeyframe() ? SYNC_SAMPLE : NON_SYNC_SAMPLE);
                head.writeInt((int) s.compositionOffsetTicks());
                runBytes[i] += size;
            }
            end(head, trun);
            end(head, traf);
        }
        end(head, moof);
        // data_offset counts from the moof's first byte (default-base-is-moof); the first sample follows mdat's header
        long offset = head.writerIndex() - moof + MDAT_HEADER;
        long mdatSize = MDAT_HEADER;
        for (int i = 0; i < runs.size(); i++) {
            head.setInt(dataOffsetAt[i], (int) offset);
            offset += runBytes[i];
            mdatSize += runBytes[i];
        }
        head.writeInt((int) mdatSize);
        head.writeCharSequence("mdat", java.nio.charset.StandardCharsets.US_ASCII);
        CompositeByteBuf out = alloc.compositeBuffer(1 + sampleCount);
        out.addComponent(true, head);
        for (TrackRun r : runs) {
            for (FragmentSample s : r.samples()) {
                out.addComponent(true, s.frame().data().retainedDuplicate());
            }
        }
        return out;
    }

    /** The samples of one track in a fragment, the first decoded at {@code baseDecodeTicks} (the track's timescale). */
    record TrackRun(int trackId, long baseDecodeTicks, List<FragmentSample> samples) {
    }

    /** True when {@code data} is a sequence of 4-byte length-prefixed NAL units filling it exactly. */
    static boolean isLengthPrefixed(ByteBuf data) {
        int at = data.readerIndex();
        int end = data.writerIndex();
        if (at == end) {
            return false;
        }
        while (at < end) {
            if (end - at < 5) {
                return false;
            }
            long len = data.getUnsignedInt(at);
            if (len == 0 || len > end - at - 4) {
                return false;
            }
            at += 4 + (int) len;
        }
        return true;
    }
}
