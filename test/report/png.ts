// A strict PNG reader for the tests: signature, chunk CRCs, IHDR, and the image data inflating to
// exactly height × (1 + width × bytes per pixel) bytes — a file that passes decodes.
import { crc32, inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export interface PngInfo {
  width: number;
  height: number;
}

/** Parses the PNG or throws saying what is wrong. 8-bit, non-interlaced, non-palette images only. */
export function readPng(buf: Buffer): PngInfo {
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG signature");
  let offset = 8;
  let info: (PngInfo & { channels: number }) | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString("latin1", offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    const crc = buf.readUInt32BE(offset + 8 + length);
    if (crc32(buf.subarray(offset + 4, offset + 8 + length)) !== crc) throw new Error(`bad CRC in ${type}`);
    if (type === "IHDR") {
      const depth = data[8]!;
      const colour = data[9]!;
      if (depth !== 8 || !(colour in CHANNELS) || data[12] !== 0) throw new Error("unsupported PNG layout");
      info = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), channels: CHANNELS[colour]! };
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!info || !ended || idat.length === 0) throw new Error("missing IHDR, IDAT or IEND");
  const raw = inflateSync(Buffer.concat(idat));
  if (raw.length !== info.height * (1 + info.width * info.channels)) throw new Error("image data has the wrong size");
  return { width: info.width, height: info.height };
}
