package org.sharpeye.media.ts;

import io.netty.buffer.ByteBuf;

/**
 * Splits a payload (a PES packet or a PSI section) into 188-byte transport stream packets on one PID
 * (ISO/IEC 13818-1 2.4.3.2), keeping the PID's 4-bit continuity counter. The first packet of a PES may carry an
 * adaptation field (2.4.3.4) with the PCR and the random access indicator; the last is padded with adaptation
 * field stuffing, or for a section with 0xFF bytes after it (2.4.4.1).
 */
final class TsPackets {

    static final int PACKET_SIZE = 188;
    private static final int HEADER_SIZE = 4;
    private static final int PAYLOAD_SIZE = PACKET_SIZE - HEADER_SIZE;
    private static final int SYNC_BYTE = 0x47;

    private final int pid;
    private int continuity;

    TsPackets(int pid) {
        this.pid = pid;
    }

    /** Writes one PSI section, preceded by its pointer_field, padded with 0xFF. Sections here fit one packet. */
    void writeSection(ByteBuf out, byte[] section) {
        header(out, true, false);
        out.writeByte(0);                              // pointer_field: the section starts right here
        out.writeBytes(section);
        out.writeBytes(STUFFING, 0, PAYLOAD_SIZE - 1 - section.length);
    }

    /**
     * Writes one PES packet. {@code pcr27MHz} (negative: none) goes with {@code randomAccess} into the first
     * packet's adaptation field.
     */
    void writePes(ByteBuf out, ByteBuf pes, long pcr27MHz, boolean randomAccess) {
        boolean first = true;
        while (pes.isReadable()) {
            int fieldBody = 0;                         // adaptation field bytes after its length byte
            if (first && (pcr27MHz >= 0 || randomAccess)) {
                fieldBody = 1 + (pcr27MHz >= 0 ? 6 : 0);
            }
            int fieldSize = fieldBody == 0 ? 0 : 1 + fieldBody;
            int room = PAYLOAD_SIZE - fieldSize;
            int stuffing = 0;
            if (pes.readableBytes() < room) {
                stuffing = room - pes.readableBytes();
                if (fieldSize == 0) {
                    // a one-byte field is its length alone; a longer one needs the flags byte too
                    fieldBody = stuffing - 1;
                    fieldSize = stuffing;
                    stuffing = Math.max(0, stuffing - 2);
                } else {
                    fieldBody += stuffing;
                    fieldSize += stuffing;
                }
            }
            header(out, first, fieldSize > 0);
            if (fieldSize > 0) {
                out.writeByte(fieldBody);
                if (fieldBody > 0) {
                    int flags = 0;
                    if (first && randomAccess) {
                        flags |= 0x40;                 // random_access_indicator
                    }
                    if (first && pcr27MHz >= 0) {
                        flags |= 0x10;                 // PCR_flag
                    }
                    out.writeByte(flags);
                    if ((flags & 0x10) != 0) {
                        writePcr(out, pcr27MHz);
                    }
                    out.writeBytes(STUFFING, 0, stuffing);
                }
            }
            int take = PAYLOAD_SIZE - fieldSize;
            out.writeBytes(pes, take);
            first = false;
        }
    }

    private void header(ByteBuf out, boolean unitStart, boolean adaptationField) {
        out.writeByte(SYNC_BYTE);
        out.writeShort((unitStart ? 0x4000 : 0) | pid); // transport_error=0, payload_unit_start, priority=0, PID
        // scrambling '00', adaptation_field_control ('01' payload only, '11' field + payload), continuity_counter
        out.writeByte((adaptationField ? 0x30 : 0x10) | continuity);
        continuity = (continuity + 1) & 0x0f;
    }

    // 2.4.3.5: program_clock_reference_base (33 bits, 90 kHz), 6 reserved bits, extension (9 bits, 27 MHz rest)
    private static void writePcr(ByteBuf out, long pcr27MHz) {
        long base = (pcr27MHz / 300) & 0x1FFFFFFFFL;
        int extension = (int) (pcr27MHz % 300);
        out.writeInt((int) (base >>> 1));
        out.writeByte((int) (((base & 1) << 7) | 0x7E | (extension >> 8)));
        out.writeByte(extension);
    }

    private static final byte[] STUFFING = new byte[PACKET_SIZE];

    static {
        java.util.Arrays.fill(STUFFING, (byte) 0xFF);
    }
}
